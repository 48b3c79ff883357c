package io.rollcall.testing;

import io.rollcall.PushServer;
import io.rollcall.broker.Broker;
import io.rollcall.broker.Brokers;
import io.rollcall.broker.memory.MemoryBroker;
import io.rollcall.config.ServerConfig;
import io.rollcall.config.Setting;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension: a real {@link PushServer} on free ports, with the memory broker unless
 * {@code --redis} or {@code --redis-cluster} is set, started before
 * each test and stopped after it. Settings can be overridden when registering.
 */
public final class TestServer implements BeforeEachCallback, AfterEachCallback {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Map<Setting, String> settings = new EnumMap<>(Setting.class);
    private PushServer server;
    private Broker broker;

    public TestServer() {
        settings.put(Setting.HOST, "127.0.0.1");
        settings.put(Setting.ADMIN_HOST, "127.0.0.1");
        settings.put(Setting.PORT, "0");
        settings.put(Setting.ADMIN_PORT, "0");
        settings.put(Setting.JWT_SECRET, Tokens.SECRET);
        settings.put(Setting.NODE_ID, "test-node");
        settings.put(Setting.TOPIC_LINGER, "0s");
    }

    public TestServer with(Setting setting, String value) {
        settings.put(setting, value);
        return this;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        start();
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        stop();
    }

    public void start() throws Exception {
        ServerConfig config = ServerConfig.of(settings);
        broker = config.redis().enabled() ? Brokers.fromConfig(config) : new MemoryBroker(config.delivery().historySize(), Clock.systemUTC());
        server = new PushServer(config, broker);
        server.start().get(10, TimeUnit.SECONDS);
    }

    public void stop() throws Exception {
        if (server != null) {
            server.stop().get(10, TimeUnit.SECONDS);
            server = null;
        }
    }

    /** Stops the node and starts a fresh one (empty broker) on the same ports, as a crash and restart would. */
    public void restartOnSamePort() throws Exception {
        settings.put(Setting.PORT, String.valueOf(server.port()));
        settings.put(Setting.ADMIN_PORT, String.valueOf(server.adminPort()));
        stop();
        start();
    }

    public PushServer server() {
        return server;
    }

    /** The node's broker, for seeding large states quickly (publishes still reach subscribers). */
    public Broker broker() {
        return broker;
    }

    public URI wsUri() {
        return URI.create("ws://127.0.0.1:" + server.port() + "/ws");
    }

    /** The WebSocket URI when the node serves TLS ({@code --tls-cert}). */
    public URI wssUri() {
        return URI.create("wss://127.0.0.1:" + server.port() + "/ws");
    }

    public URI httpUri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    public URI adminUri(String path) {
        return URI.create("http://127.0.0.1:" + server.adminPort() + path);
    }

    /** POSTs an attendance update as JSON; returns the response. */
    public HttpResponse<String> publish(String token, String eventId, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(httpUri("/api/v1/events/" + eventId + "/attendance"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Publishes a check-in of {@code guestId} and fails unless the server accepts it. */
    public void checkIn(String eventId, String guestId) throws Exception {
        HttpResponse<String> response = publish(Tokens.publish("publisher", eventId), eventId,
                "{\"guestId\":\"" + guestId + "\",\"guestName\":\"Guest " + guestId + "\",\"status\":\"CHECKED_IN\",\"pax\":2}");
        if (response.statusCode() != 200) {
            throw new AssertionError("publish failed: " + response.statusCode() + " " + response.body());
        }
    }

    public HttpResponse<String> get(URI uri, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
