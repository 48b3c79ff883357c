package io.rollcall.loadtest.workers;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The command line of a worker process: this JVM's java binary, its JVM options (debug and
 * profiling agents and flight recordings left out, so workers do not fight over a port or a
 * file), its class path and main class, then the scenario's own arguments with the per-process
 * ones (clients, connect rate, URLs, source addresses) replaced by the worker's share and the
 * report options dropped (the parent writes the reports). Immutable.
 */
public final class WorkerCommand {
    /** Options the parent sets per worker or handles itself; each takes one value. */
    private static final Set<String> REPLACED = Set.of("--workers", "--worker-index", "--worker-count", "--worker-result", "--clients",
            "--connect-rate", "--max-connecting", "--url", "--local-addresses", "--report-dir", "--json-out", "--hgrm-out", "--html-out");
    private static final List<String> NOT_INHERITED = List.of("-agentlib", "-agentpath", "-javaagent", "-Xrunjdwp", "-Xdebug",
            "-XX:StartFlightRecording", "-XX:FlightRecorderOptions");

    private final List<String> java;
    private final String scenario;
    private final List<String> arguments;

    WorkerCommand(List<String> java, String scenario, List<String> arguments) {
        this.java = List.copyOf(java);
        this.scenario = scenario;
        this.arguments = List.copyOf(arguments);
    }

    /** The command that runs {@code main} in a JVM like this one, with the arguments {@code spec}'s subcommand was given. */
    public static WorkerCommand of(CommandSpec spec, Class<?> main) {
        List<String> java = new ArrayList<>();
        java.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (NOT_INHERITED.stream().noneMatch(option::startsWith)) {
                java.add(option);
            }
        }
        java.add("-cp");
        java.add(System.getProperty("java.class.path"));
        java.add(main.getName());
        // Expanded: an @file holding --workers must not reach the workers unfiltered.
        List<String> all = spec.commandLine().getParseResult().expandedArgs();
        int at = all.indexOf(spec.name());
        return new WorkerCommand(java, spec.name(), at < 0 ? all : all.subList(at + 1, all.size()));
    }

    /** Worker {@code share}'s full command line; its result goes to {@code result}. */
    public List<String> forWorker(WorkerShare share, Shares shares, Path result) {
        List<String> command = new ArrayList<>(java);
        command.add(scenario);
        command.addAll(withoutReplaced(arguments));
        command.addAll(List.of("--clients", Integer.toString(share.clients(shares.clients())),
                "--connect-rate", Double.toString(shares.connectRate() / share.count()),
                "--max-connecting", Integer.toString(Math.max(1, (shares.maxConnecting() + share.count() - 1) / share.count())),
                "--url", share.strided(shares.urls()).stream().map(URI::toString).collect(Collectors.joining(","))));
        List<InetAddress> locals = share.strided(shares.localAddresses());
        if (!locals.isEmpty()) {
            command.add("--local-addresses");
            command.add(locals.stream().map(InetAddress::getHostAddress).collect(Collectors.joining(",")));
        }
        command.addAll(List.of("--worker-index", Integer.toString(share.index()), "--worker-count", Integer.toString(share.count()),
                "--worker-result", result.toString()));
        return command;
    }

    /** The whole run's values that workers split. */
    public record Shares(int clients, double connectRate, int maxConnecting, List<URI> urls, List<InetAddress> localAddresses) {}

    /** {@code args} without the replaced options ({@code --name value} and {@code --name=value} forms). */
    static List<String> withoutReplaced(List<String> args) {
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            int equals = arg.indexOf('=');
            String name = equals < 0 ? arg : arg.substring(0, equals);
            if (!REPLACED.contains(name)) {
                kept.add(arg);
            } else if (equals < 0) {
                i++;
            }
        }
        return kept;
    }
}
