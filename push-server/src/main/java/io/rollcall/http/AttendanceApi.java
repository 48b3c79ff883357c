package io.rollcall.http;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.rollcall.attendance.EventIds;
import io.rollcall.attendance.InvalidUpdateException;
import io.rollcall.attendance.UpdateValidator;
import io.rollcall.auth.AuthException;
import io.rollcall.auth.AuthFailure;
import io.rollcall.auth.JwtVerifier;
import io.rollcall.auth.Principal;
import io.rollcall.broker.Broker;
import io.rollcall.broker.EventSnapshot;
import io.rollcall.metrics.ServerMetrics;
import io.rollcall.protocol.AttendanceUpdate;
import io.rollcall.protocol.Snapshot;
import io.rollcall.protocol.Update;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/events/{id}/attendance} (publish) and {@code GET /api/v1/events/{id}/snapshot}.
 * Every request is authenticated and authorized for the event before its body is read. Thread-safe.
 */
public final class AttendanceApi {
    static final String PREFIX = "/api/v1/events/";
    private static final Logger log = LoggerFactory.getLogger(AttendanceApi.class);
    /** The same switch as the hub's "received update" line: ROLLCALL_TRACE_LEVEL=DEBUG traces an update from publish to fan-out. */
    private static final Logger trace = LoggerFactory.getLogger("io.rollcall.trace");

    private final Broker broker;
    private final VerifiedTokens tokens;
    private final ServerMetrics metrics;
    private final JsonFormat.Printer printer = JsonFormat.printer().omittingInsignificantWhitespace();

    public AttendanceApi(Broker broker, JwtVerifier verifier, ServerMetrics metrics) {
        this.broker = broker;
        this.tokens = new VerifiedTokens(verifier, Clock.systemUTC());
        this.metrics = metrics;
    }

    /** Handles a request whose path starts with {@link #PREFIX}. */
    void handle(ChannelHandlerContext ctx, FullHttpRequest request, String path) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        String rest = path.substring(PREFIX.length());
        int slash = rest.indexOf('/');
        String eventId = slash < 0 ? rest : rest.substring(0, slash);
        String action = slash < 0 ? "" : rest.substring(slash + 1);
        boolean publish = action.equals("attendance");
        if (!publish && !action.equals("snapshot")) {
            reject(ctx, keepAlive, HttpResponseStatus.NOT_FOUND, "not_found", "no such resource", null);
            return;
        }
        HttpMethod expected = publish ? HttpMethod.POST : HttpMethod.GET;
        if (!request.method().equals(expected)) {
            reject(ctx, keepAlive, HttpResponseStatus.METHOD_NOT_ALLOWED, "method_not_allowed", "use " + expected, null);
            return;
        }
        if (!EventIds.isValid(eventId)) {
            reject(ctx, keepAlive, HttpResponseStatus.BAD_REQUEST, "invalid_argument", "event id must match [A-Za-z0-9_-]{1,64}", "eventId");
            return;
        }
        Principal principal;
        try {
            principal = BearerAuth.verify(tokens, request);
        } catch (AuthException e) {
            metrics.authFailed(e.reason());
            reject(ctx, keepAlive, HttpResponseStatus.UNAUTHORIZED, e.expired() ? "token_expired" : "unauthorized", e.getMessage(), null);
            return;
        }
        if (publish ? !principal.mayPublish(eventId) : !principal.mayWatch(eventId)) {
            metrics.authFailed(AuthFailure.FORBIDDEN);
            reject(ctx, keepAlive, HttpResponseStatus.FORBIDDEN, "forbidden",
                    "the token does not allow " + (publish ? "publishing to" : "reading") + " this event", null);
            return;
        }
        if (publish) {
            publish(ctx, keepAlive, request, eventId);
        } else {
            snapshot(ctx, keepAlive, eventId);
        }
    }

    private void publish(ChannelHandlerContext ctx, boolean keepAlive, FullHttpRequest request, String eventId) {
        AttendanceUpdate update;
        try {
            update = UpdateValidator.validate(JsonBodies.parseUpdate(request.content().toString(StandardCharsets.UTF_8)));
        } catch (JsonBodies.BadBodyException e) {
            reject(ctx, keepAlive, HttpResponseStatus.BAD_REQUEST, "invalid_argument", e.getMessage(), e.field);
            return;
        } catch (InvalidUpdateException e) {
            reject(ctx, keepAlive, HttpResponseStatus.BAD_REQUEST, "invalid_argument", e.getMessage(), e.field());
            return;
        }
        broker.publish(eventId, update).whenComplete((published, error) -> {
            if (error != null) {
                log.warn("publish to event {} failed", eventId, error);
                HttpResponses.error(ctx, keepAlive, HttpResponseStatus.SERVICE_UNAVAILABLE, "unavailable", "broker unavailable", null);
                return;
            }
            metrics.published();
            if (trace.isDebugEnabled()) {
                // The message id where this node accepts the update; DEBUG because a line per publish costs more than the publish.
                trace.atDebug().addKeyValue("event", eventId).addKeyValue("seq", published.getSeq())
                        .addKeyValue("message_id", published.getMessageId()).log("published update");
            }
            HttpResponses.json(ctx, keepAlive, HttpResponseStatus.OK, publishResult(published));
        });
    }

    private static String publishResult(Update update) {
        return "{\"eventId\":" + HttpResponses.quote(update.getEventId()) + ",\"seq\":" + update.getSeq() + ",\"epoch\":"
                + HttpResponses.quote(update.getEpoch()) + ",\"messageId\":" + HttpResponses.quote(update.getMessageId()) + "}";
    }

    private void snapshot(ChannelHandlerContext ctx, boolean keepAlive, String eventId) {
        broker.snapshot(eventId).whenComplete((snapshot, error) -> {
            if (error != null) {
                log.warn("snapshot of event {} failed", eventId, error);
                HttpResponses.error(ctx, keepAlive, HttpResponseStatus.SERVICE_UNAVAILABLE, "unavailable", "broker unavailable", null);
                return;
            }
            try {
                HttpResponses.json(ctx, keepAlive, HttpResponseStatus.OK, printer.print(toProto(snapshot)));
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static Snapshot toProto(EventSnapshot snapshot) {
        return Snapshot.newBuilder().setEventId(snapshot.eventId()).setEpoch(snapshot.epoch()).setSeq(snapshot.seq())
                .setCounts(snapshot.counts()).addAllGuests(snapshot.guests()).setPageIndex(0).setLastPage(true).build();
    }

    private void reject(ChannelHandlerContext ctx, boolean keepAlive, HttpResponseStatus status, String code, String message, String field) {
        metrics.httpRejected();
        HttpResponses.error(ctx, keepAlive, status, code, message, field);
    }
}
