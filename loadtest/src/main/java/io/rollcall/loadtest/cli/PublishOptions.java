package io.rollcall.loadtest.cli;

import io.rollcall.loadtest.publish.PublishVia;
import java.net.URI;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** Which way the publishing scenarios publish their updates: the HTTP API or Redis {@code FCALL}. */
public final class PublishOptions {
    @Option(names = "--publish-via", defaultValue = "http", paramLabel = "PATH",
            description = "http (POST to the node's API) | redis (FCALL rollcall_publish into --redis, as a backend would; "
                    + "the nodes must run with that Redis) (default: ${DEFAULT-VALUE})")
    PublishVia.Kind via;

    @Option(names = "--redis", paramLabel = "REDIS_URL",
            description = "The nodes' Redis for --publish-via redis, e.g. redis://127.0.0.1:6379 "
                    + "(redis://:password@host:port with a password)")
    URI redis;

    @Option(names = "--redis-key-prefix", defaultValue = PublishVia.DEFAULT_KEY_PREFIX, paramLabel = "PREFIX",
            description = "The nodes' --redis-key-prefix (default: ${DEFAULT-VALUE})")
    String keyPrefix;

    /** Checks the values; returns the publish path. */
    public PublishVia validate(CommandSpec spec) {
        if (via == PublishVia.Kind.HTTP) {
            if (redis != null) {
                throw new ParameterException(spec.commandLine(), "--redis: " + redis + " (expected: only with --publish-via redis)");
            }
            return PublishVia.http();
        }
        if (redis == null) {
            throw new ParameterException(spec.commandLine(), "--redis: missing (expected: redis://host:port with --publish-via redis)");
        }
        if (!"redis".equals(redis.getScheme()) || redis.getHost() == null || redis.getPort() <= 0) {
            throw new ParameterException(spec.commandLine(), "--redis: " + redis + " (expected: redis://host:port)");
        }
        return PublishVia.redis(redis, keyPrefix);
    }
}
