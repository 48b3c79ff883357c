package io.rollcall.loadtest.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where results go besides the console; shared by every scenario. */
public final class OutputOptions {
    @Option(names = "--json-out", paramLabel = "FILE", description = "Write the result as JSON to FILE")
    Path jsonOut;

    @Option(names = "--hgrm-out", paramLabel = "FILE",
            description = "Write the measured delivery latency distribution (HdrHistogram .hgrm, milliseconds) to FILE")
    Path hgrmOut;

    public Path jsonOut() {
        return jsonOut;
    }

    public Path hgrmOut() {
        return hgrmOut;
    }
}
