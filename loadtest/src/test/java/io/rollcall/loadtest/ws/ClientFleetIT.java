package io.rollcall.loadtest.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.EventLoopGroup;
import io.rollcall.config.Setting;
import io.rollcall.loadtest.stats.MeasureWindow;
import io.rollcall.loadtest.support.EventSpread;
import io.rollcall.loadtest.support.Transport;
import io.rollcall.testing.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The fleet's hand-written handshake against a real rollcall node: accepted, and refused with 503;
 * and successive fleets on lent event loops.
 */
class ClientFleetIT {
    private static final int MAX_CONNECTIONS = 3;

    @RegisterExtension
    final TestServer server = new TestServer().with(Setting.MAX_CONNECTIONS, String.valueOf(MAX_CONNECTIONS))
            .with(Setting.RETRY_AFTER, "7s");

    @Test
    void clientsOverTheNodesLimitFailWithItsRefusalAndTheOthersGoLive() throws Exception {
        ClientFleet fleet = new ClientFleet(spec(1), new MeasureWindow());
        try {
            for (int i = 0; i < MAX_CONNECTIONS + 2; i++) {
                fleet.open();
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> fleet.connecting() == 0);

            assertThat(fleet.ready()).isEqualTo(MAX_CONNECTIONS);
            assertThat(fleet.connectFailed()).isEqualTo(2);
            assertThat(fleet.problems()).containsOnlyKeys("upgrade refused: 503 Service Unavailable (Retry-After: 7) (handshaking)");
        } finally {
            fleet.close(Duration.ofSeconds(5));
        }
    }

    @Test
    void aFleetOnLentLoopsClosesItsClientsAndLeavesTheLoopsToTheNext() throws Exception {
        Transport transport = Transport.select(Transport.Kind.AUTO);
        EventLoopGroup loops = transport.newGroup(2, "lent");
        try {
            for (int storm = 1; storm <= 2; storm++) {
                ClientFleet fleet = new ClientFleet(spec(2), new MeasureWindow(), loops);
                try {
                    for (int i = 0; i < MAX_CONNECTIONS; i++) {
                        fleet.open();
                    }
                    await().atMost(Duration.ofSeconds(20)).until(() -> fleet.connecting() == 0);
                    // The second storm fits under the node's limit only if the first one's clients are gone.
                    assertThat(fleet.ready()).as("storm %d", storm).isEqualTo(MAX_CONNECTIONS);
                } finally {
                    fleet.close(Duration.ofSeconds(5));
                }
                assertThat(loops.isShuttingDown()).isFalse();
                await().atMost(Duration.ofSeconds(10)).until(() -> server.server().metrics().activeConnections() == 0);
            }
        } finally {
            loops.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).await(5, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    private ClientFleet.Spec spec(int threads) {
        String token = io.rollcall.loadtest.support.Tokens.hs256(io.rollcall.testing.Tokens.SECRET, "fleet-it", List.of("fleet-it"), null,
                Instant.now().plus(Duration.ofMinutes(5)));
        return new ClientFleet.Spec(List.of(server.wsUri()), Wire.PLAIN_PROTO, token, EventSpread.single("fleet-it"), threads,
                Transport.select(Transport.Kind.AUTO), List.of(), Duration.ofSeconds(10), null, false);
    }
}
