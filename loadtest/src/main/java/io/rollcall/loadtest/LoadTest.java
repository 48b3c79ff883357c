package io.rollcall.loadtest;

import io.netty.util.ResourceLeakDetector;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code loadtest} command: one subcommand per scenario (broadcast, rooms, connect-storm, idle,
 * churn, failover, and poll, the HTTP polling baseline), sharing the option mixins in {@code cli}, the client fleet in {@code ws}, the publisher
 * and the stats.
 */
@Command(name = "loadtest", mixinStandardHelpOptions = true, version = "rollcall loadtest 0.1.0",
        description = "Load generator for rollcall push servers.",
        subcommands = {BroadcastCommand.class, RoomsCommand.class, ConnectStormCommand.class, IdleCommand.class,
            ChurnCommand.class, FailoverCommand.class, PollCommand.class, CommandLine.HelpCommand.class})
public final class LoadTest implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "choose a scenario: broadcast, rooms, connect-storm, idle, churn, failover, poll");
    }

    public static void main(String[] args) {
        if (System.getProperty("io.netty.leakDetection.level") == null && System.getProperty("io.netty.leakDetectionLevel") == null) {
            // Sampling costs CPU on every buffer the clients read; the generator's buffers are short-lived and simple.
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
        CommandLine commandLine = new CommandLine(new LoadTest())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setOverwrittenOptionsAllowed(true)
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println("loadtest: " + e);
                    e.printStackTrace(cmd.getErr());
                    return ExitCodes.ABORTED;
                });
        System.exit(commandLine.execute(args));
    }
}
