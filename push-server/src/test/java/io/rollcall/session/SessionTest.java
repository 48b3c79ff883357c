package io.rollcall.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.rollcall.auth.JwtVerifier;
import io.rollcall.config.ServerConfig;
import io.rollcall.config.Setting;
import io.rollcall.hub.Hub;
import io.rollcall.metrics.ServerMetrics;
import io.rollcall.protocol.AttendanceUpdate;
import io.rollcall.protocol.ClientFrame;
import io.rollcall.protocol.Connect;
import io.rollcall.protocol.GuestStatus;
import io.rollcall.protocol.ServerFrame;
import io.rollcall.protocol.Subscribe;
import io.rollcall.protocol.Unsubscribe;
import io.rollcall.testing.Frames;
import io.rollcall.testing.GatedBroker;
import io.rollcall.testing.Tokens;
import io.rollcall.transport.Encoding;
import io.rollcall.transport.ExceptionHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The session and subscription state machine on an EmbeddedChannel, with broker timing under test control. */
class SessionTest {
    private final GatedBroker broker = new GatedBroker();
    private EmbeddedChannel channel;
    private Hub hub;

    @BeforeEach
    void openSession() {
        ServerConfig config = ServerConfig.of(Map.of(Setting.JWT_SECRET, Tokens.SECRET, Setting.NODE_ID, "n1", Setting.TOPIC_LINGER, "0s"));
        ServerMetrics metrics = new ServerMetrics();
        channel = new EmbeddedChannel();
        hub = new Hub(broker, ByteBufAllocator.DEFAULT, metrics, channel.eventLoop(), Duration.ZERO);
        broker.start(hub).join();
        SessionContext context = new SessionContext(config, broker, hub,
                new JwtVerifier(config.auth().jwtSecret(), Duration.ZERO, Clock.systemUTC()), metrics);
        channel.pipeline().addLast(new Session(context, Encoding.PROTO, new ExceptionHandler(metrics)));
        send(ClientFrame.newBuilder().setConnect(Connect.newBuilder().setToken(Tokens.watch("host", "*"))).build());
        assertThat(read().hasConnected()).isTrue();
    }

    @AfterEach
    void closeSession() {
        channel.finishAndReleaseAll();
        broker.close();
    }

    private void send(ClientFrame frame) {
        channel.writeInbound(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(frame.toByteArray())));
        channel.runPendingTasks();
    }

    private void subscribe(String eventId, String epoch, long sinceSeq) {
        send(ClientFrame.newBuilder().setSubscribe(Subscribe.newBuilder().setEventId(eventId).setEpoch(epoch).setSinceSeq(sinceSeq))
                .build());
    }

    private void publish(String eventId, int count) {
        for (int i = 0; i < count; i++) {
            broker.publish(eventId, AttendanceUpdate.newBuilder().setGuestId("g" + i).setStatus(GuestStatus.CHECKED_IN).setPax(1).build());
        }
        channel.runPendingTasks();
    }

    private ServerFrame read() {
        Object written = channel.readOutbound();
        assertThat(written).as("a frame was written").isInstanceOf(ByteBuf.class);
        return Frames.decode((ByteBuf) written);
    }

    private List<Long> readUpdateSeqs() {
        List<Long> seqs = new ArrayList<>();
        Object written;
        while ((written = channel.readOutbound()) != null) {
            for (ServerFrame frame : Frames.decodeAll((ByteBuf) written)) {
                assertThat(frame.hasUpdate()).as(frame.toString()).isTrue();
                seqs.add(frame.getUpdate().getSeq());
            }
        }
        return seqs;
    }

    @Test
    void an_unexpected_exception_closes_the_connection() {
        // The session is the last handler: it hands exceptions to the shared ExceptionHandler.
        channel.pipeline().fireExceptionCaught(new IllegalStateException("bug"));
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void live_updates_that_reach_the_loop_together_go_out_in_one_write_in_order() {
        subscribe("gala", "", 0);
        assertThat(read().hasSubscribed()).isTrue();
        assertThat(read().hasSnapshot()).isTrue();
        publish("gala", 4);
        Object written = channel.readOutbound();
        assertThat(written).isInstanceOf(ByteBuf.class);
        assertThat(Frames.decodeAll((ByteBuf) written)).extracting(frame -> frame.getUpdate().getSeq()).containsExactly(1L, 2L, 3L, 4L);
        assertThat((Object) channel.readOutbound()).as("one write for the burst").isNull();

        publish("gala", 1);
        assertThat(readUpdateSeqs()).containsExactly(5L);
    }

    @Test
    void updates_published_during_catch_up_follow_the_snapshot_in_order() {
        publish("gala", 2);
        broker.holdCatchups();
        subscribe("gala", "", 0);
        publish("gala", 3);
        assertThat((Object) channel.readOutbound()).as("nothing before the snapshot").isNull();

        broker.releaseCatchups();
        channel.runPendingTasks();
        ServerFrame subscribed = read();
        assertThat(subscribed.getSubscribed().getSeq()).isEqualTo(5);
        assertThat(read().getSnapshot().getSeq()).isEqualTo(5);
        assertThat(readUpdateSeqs()).as("buffered updates the snapshot covers are dropped").isEmpty();

        publish("gala", 1);
        assertThat(readUpdateSeqs()).containsExactly(6L);
    }

    @Test
    void a_replay_and_buffered_live_updates_join_without_gap_or_duplicate() {
        publish("gala", 3);
        String epoch = broker.snapshot("gala").join().epoch();
        broker.holdCatchups();
        subscribe("gala", epoch, 1);
        publish("gala", 2);
        broker.releaseCatchups();
        channel.runPendingTasks();
        ServerFrame subscribed = read();
        assertThat(subscribed.getSubscribed().getRecovered()).isTrue();
        assertThat(subscribed.getSubscribed().getSeq()).isEqualTo(5);
        assertThat(readUpdateSeqs()).containsExactly(2L, 3L, 4L, 5L);
    }

    @Test
    void a_live_update_lost_on_the_way_is_fetched_from_history_before_later_ones() {
        subscribe("gala", "", 0);
        assertThat(read().hasSubscribed()).isTrue();
        assertThat(read().hasSnapshot()).isTrue();
        broker.loseLiveUpdate(3);
        publish("gala", 5);
        assertThat(readUpdateSeqs()).containsExactly(1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void after_unsubscribe_no_more_updates_arrive_and_the_event_can_be_watched_again() {
        subscribe("gala", "", 0);
        read();
        read();
        send(ClientFrame.newBuilder().setRequestId(9).setUnsubscribe(Unsubscribe.newBuilder().setEventId("gala")).build());
        ServerFrame unsubscribed = read();
        assertThat(unsubscribed.getUnsubscribed().getEventId()).isEqualTo("gala");
        assertThat(unsubscribed.getRequestId()).isEqualTo(9);
        publish("gala", 2);
        assertThat((Object) channel.readOutbound()).isNull();
        assertThat(hub.topicCount()).isZero();

        subscribe("gala", "", 0);
        assertThat(read().getSubscribed().getSeq()).isEqualTo(2);
        assertThat(read().getSnapshot().getGuestsCount()).isEqualTo(2);
    }

    @Test
    void the_subscription_limit_is_enforced_per_connection() {
        for (int i = 0; i < 100; i++) {
            subscribe("e" + i, "", 0);
            read();
            read();
        }
        subscribe("one-too-many", "", 0);
        assertThat(read().getError().getCode()).isEqualTo(ErrorCode.TOO_MANY_SUBSCRIPTIONS.code());
    }

    @Test
    void closing_the_connection_releases_its_subscriptions_and_buffered_updates() {
        broker.holdCatchups();
        subscribe("gala", "", 0);
        publish("gala", 3);
        channel.close();
        channel.runPendingTasks();
        assertThat(hub.topicCount()).isZero();
        broker.releaseCatchups();
        channel.runPendingTasks();
        // LeakGuard fails the class if the buffered updates were not released.
    }

    @Test
    void a_malformed_frame_closes_with_its_code() {
        channel.writeInbound(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {(byte) 0xff})));
        Object written = channel.readOutbound();
        assertThat(written).isInstanceOf(CloseWebSocketFrame.class);
        CloseWebSocketFrame close = (CloseWebSocketFrame) written;
        assertThat(close.statusCode()).isEqualTo(ErrorCode.MALFORMED_FRAME.code());
        assertThat(close.reasonText()).isEqualTo("malformed frame");
        close.release();
    }
}
