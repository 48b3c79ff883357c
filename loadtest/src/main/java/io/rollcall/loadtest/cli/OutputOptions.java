package io.rollcall.loadtest.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where results go besides the console; shared by every scenario. */
public final class OutputOptions {
    @Option(names = "--report-dir", paramLabel = "DIR",
            description = "Write result.json, the .hgrm latency files and report.html (plots) into DIR, created if missing")
    Path reportDir;

    @Option(names = "--json-out", paramLabel = "FILE", description = "Write the result as JSON to FILE")
    Path jsonOut;

    @Option(names = "--hgrm-out", paramLabel = "FILE",
            description = "Write the measured latency distribution (HdrHistogram .hgrm, milliseconds) to FILE")
    Path hgrmOut;

    @Option(names = "--html-out", paramLabel = "FILE", description = "Write the HTML report (inline SVG plots) to FILE")
    Path htmlOut;

    /** Options that write every report file into {@code dir}, as {@code --report-dir dir} does. */
    public static OutputOptions reportDir(Path dir) {
        OutputOptions options = new OutputOptions();
        options.reportDir = dir;
        return options;
    }

    /** Creates the report directory, if one was asked for. */
    public void prepare() throws IOException {
        if (reportDir != null) {
            Files.createDirectories(reportDir);
        }
    }

    public Path jsonOut() {
        return jsonOut != null ? jsonOut : inDir("result.json");
    }

    /** The .hgrm file for the main latency distribution. */
    public Path hgrmOut() {
        return hgrmOut != null ? hgrmOut : inDir("latency.hgrm");
    }

    /** A further .hgrm file (e.g. connect times), only written with a report directory. */
    public Path extraHgrm(String name) {
        return inDir(name + ".hgrm");
    }

    public Path htmlOut() {
        return htmlOut != null ? htmlOut : inDir("report.html");
    }

    private Path inDir(String name) {
        return reportDir == null ? null : reportDir.resolve(name);
    }
}
