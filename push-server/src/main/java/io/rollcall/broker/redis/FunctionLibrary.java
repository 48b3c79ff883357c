package io.rollcall.broker.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code rollcall} Redis Function library shipped in the jar ({@code redis/rollcall.lua}), with
 * this node's history size filled in. Loaded on every primary where it is missing or older than the
 * shipped version; never downgraded. Thread-safe.
 */
final class FunctionLibrary {
    private static final Logger log = LoggerFactory.getLogger(FunctionLibrary.class);
    private static final Pattern VERSION = Pattern.compile("local LIBRARY_VERSION = (\\d+)");

    private final String code;
    private final int version;
    private final int historySize;

    FunctionLibrary(int historySize) {
        this.historySize = historySize;
        String template;
        try (InputStream in = FunctionLibrary.class.getResourceAsStream("/redis/rollcall.lua")) {
            if (in == null) {
                throw new IllegalStateException("redis/rollcall.lua is missing from the jar");
            }
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.code = template.replace("%HISTORY_SIZE%", Integer.toString(historySize));
        Matcher m = VERSION.matcher(code);
        if (!m.find()) {
            throw new IllegalStateException("redis/rollcall.lua declares no LIBRARY_VERSION");
        }
        this.version = Integer.parseInt(m.group(1));
    }

    int version() {
        return version;
    }

    /** Loads the library where needed; completes when every primary runs this version or a newer one. */
    CompletableFuture<Void> ensureLoaded(RedisLink link) {
        return link.libraryVersions().thenCompose(versions -> {
            boolean stale = false;
            for (String loaded : versions) {
                int loadedVersion = loaded == null ? 0 : Integer.parseInt(loaded.substring(0, loaded.indexOf(':')));
                if (loadedVersion < version) {
                    stale = true;
                } else if (loadedVersion == version && !loaded.endsWith(":" + historySize)) {
                    log.warn("the rollcall library in Redis keeps {} updates of history per event, this node is configured for {};"
                            + " the loaded library wins", loaded.substring(loaded.indexOf(':') + 1), historySize);
                } else if (loadedVersion > version) {
                    log.warn("Redis runs rollcall library version {}, newer than this node's {}; not replacing it", loadedVersion, version);
                }
            }
            if (!stale) {
                return CompletableFuture.completedFuture(null);
            }
            log.info("loading rollcall function library version {} (history {} per event)", version, historySize);
            return link.loadLibrary(code);
        });
    }

}
