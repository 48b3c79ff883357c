package io.rollcall.session;

import io.rollcall.auth.JwtVerifier;
import io.rollcall.broker.Broker;
import io.rollcall.config.ServerConfig;
import io.rollcall.hub.Hub;
import io.rollcall.metrics.ServerMetrics;

/** What every session shares on a node. Immutable; its parts are thread-safe. */
public record SessionContext(ServerConfig config, Broker broker, Hub hub, JwtVerifier verifier, ServerMetrics metrics,
        SnapshotFrames snapshots) {

    public SessionContext(ServerConfig config, Broker broker, Hub hub, JwtVerifier verifier, ServerMetrics metrics) {
        this(config, broker, hub, verifier, metrics,
                new SnapshotFrames(config.delivery().snapshotPageSize(), SnapshotFrames.DEFAULT_BUDGET_BYTES));
    }
}
