package io.rollcall;

import io.rollcall.broker.Broker;
import io.rollcall.broker.Brokers;
import io.rollcall.config.ConfigException;
import io.rollcall.config.ConfigLoader;
import io.rollcall.config.ServerConfig;
import io.rollcall.config.Setting;
import io.rollcall.demo.DemoMode;
import io.rollcall.tools.TokenCommand;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

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
            Map<Setting, String> raw = ConfigLoader.merge(args, System.getenv());
            DemoMode.applyDefaults(raw);
            config = ServerConfig.of(raw);
        } catch (ConfigException e) {
            System.err.println("rollcall: invalid configuration:\n" + e.getMessage().indent(2) + "Run with --help for every setting.");
            System.exit(2);
            return;
        }
        LogFormats.use(config.operations().logFormat());
        log.info("configuration:\n{}", config.describe());
        log.info("broker: {}", Brokers.describe(config));
        Broker broker = Brokers.fromConfig(config);
        PushServer server = new PushServer(config, broker);
        try {
            server.start().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            System.err.println("rollcall: cannot start: " + reasons(e));
            System.exit(1);
            return;
        }
        String host = config.network().host().equals("0.0.0.0") ? "localhost" : config.network().host();
        String tls = config.tls().enabled() ? "s" : "";
        log.info("WebSocket  ws{}://{}:{}/ws  (subprotocols rollcall.v1.proto, rollcall.v1.json)", tls, host, server.port());
        log.info("HTTP API   http{}://{}:{}/api/v1/events/{eventId}/attendance", tls, host, server.port());
        log.info("admin      http://{}:{}/metrics /healthz /readyz, POST /admin/drain", host, server.adminPort());
        // SIGTERM (orchestrators, rolling deploys) drains and exits 0; other exits (Ctrl-C) stop at once.
        Signal.handle(new Signal("TERM"), signal -> server.drain());
        server.drained().whenComplete((done, error) -> new Thread(() -> {
            log.info("drained, exiting");
            System.exit(0);
        }, "rollcall-exit").start());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop().join(), "rollcall-shutdown"));
        if (config.demo()) {
            DemoMode demo = DemoMode.start(broker, Clock.systemUTC()).get(30, TimeUnit.SECONDS);
            Runtime.getRuntime().addShutdownHook(new Thread(demo::close, "rollcall-demo-stop"));
            String token = DemoMode.viewerToken(new String(config.auth().jwtSecret(), StandardCharsets.UTF_8));
            System.out.println(DemoMode.banner(DemoMode.dashboardUrl(config.tls().enabled(), host, server.port(), token)));
        }
    }

    /** The messages along a failure's cause chain, with a hint when a port is taken. */
    private static String reasons(Throwable failure) {
        StringBuilder out = new StringBuilder();
        boolean portTaken = false;
        for (Throwable cause = failure.getCause() != null ? failure.getCause() : failure; cause != null; cause = cause.getCause()) {
            out.append(out.length() == 0 ? "" : ": ").append(cause.getMessage());
            // Native transports report a taken port as a plain IOException with the errno text.
            portTaken |= cause instanceof BindException || String.valueOf(cause.getMessage()).contains("Address already in use");
        }
        if (portTaken) {
            out.append(System.lineSeparator()).append("  Another program uses that port: stop it, or pick another with --port N ")
                    .append("(and --admin-port N); 0 picks a free one.");
        }
        return out.toString();
    }
}
