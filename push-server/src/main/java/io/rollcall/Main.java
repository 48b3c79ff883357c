package io.rollcall;

import io.rollcall.broker.Brokers;
import io.rollcall.config.ConfigException;
import io.rollcall.config.ConfigLoader;
import io.rollcall.config.ServerConfig;
import io.rollcall.tools.TokenCommand;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads the configuration, wires a node and runs it until the process is asked to stop. */
public final class Main {
    private static final Logger log = LoggerFactory.getLogger(Main.class);

    private Main() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("token")) {
            System.exit(TokenCommand.run(Arrays.copyOfRange(args, 1, args.length)));
            return;
        }
        if (Arrays.asList(args).contains("--help")) {
            System.out.print(ConfigLoader.usage());
            return;
        }
        ServerConfig config;
        try {
            config = ServerConfig.of(ConfigLoader.merge(args, System.getenv()));
        } catch (ConfigException e) {
            System.err.println("rollcall: invalid configuration:\n" + e.getMessage().indent(2) + "Run with --help for every setting.");
            System.exit(2);
            return;
        }
        log.info("configuration:\n{}", config.describe());
        log.info("broker: {}", Brokers.describe(config));
        PushServer server = new PushServer(config, Brokers.fromConfig(config));
        try {
            server.start().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            System.err.println("rollcall: cannot start: " + cause.getMessage());
            System.exit(1);
            return;
        }
        String host = config.network().host().equals("0.0.0.0") ? "localhost" : config.network().host();
        String tls = config.tls().enabled() ? "s" : "";
        log.info("WebSocket  ws{}://{}:{}/ws  (subprotocols rollcall.v1.proto, rollcall.v1.json)", tls, host, server.port());
        log.info("HTTP API   http{}://{}:{}/api/v1/events/{eventId}/attendance", tls, host, server.port());
        log.info("admin      http://{}:{}/metrics /healthz /readyz", host, server.adminPort());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop().join(), "rollcall-shutdown"));
    }
}
