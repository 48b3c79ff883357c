package io.rollcall.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslContextOption;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.rollcall.config.ServerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public port's TLS: picks the provider (OpenSSL/BoringSSL when available, else the JDK), builds
 * the server context from the PEM files and, on {@link #reload()}, swaps in a context built from the
 * files' new contents. New connections use the current context; established ones keep theirs, so a
 * certificate rotation drops no one. Thread-safe.
 */
public final class ServerTls {
    private static final Logger log = LoggerFactory.getLogger(ServerTls.class);

    private final ServerConfig.Tls config;
    private final SslProvider provider;
    private volatile SslContext context;

    private ServerTls(ServerConfig.Tls config, SslProvider provider, SslContext context) {
        this.config = config;
        this.provider = provider;
        this.context = context;
    }

    /** Builds the first context; throws with the file names when the files cannot be used. */
    public static ServerTls load(ServerConfig.Tls config) throws IOException {
        SslProvider provider = provider(config);
        ServerTls tls = new ServerTls(config, provider, build(config, provider));
        log.info("TLS {} with {} ({}), groups {}, certificate {}", config.protocols(), provider,
                provider == SslProvider.OPENSSL ? OpenSsl.versionString() : "JDK SSLEngine",
                config.groups().isEmpty() ? "(provider default)" : config.groups(), tls.describeCertificate());
        return tls;
    }

    private static SslProvider provider(ServerConfig.Tls config) {
        boolean tls13 = config.protocols().contains("TLSv1.3");
        boolean openSsl = OpenSsl.isAvailable() && (!tls13 || SslProvider.isTlsv13Supported(SslProvider.OPENSSL));
        return switch (config.provider()) {
            case JDK -> SslProvider.JDK;
            case OPENSSL -> {
                if (!openSsl) {
                    throw new IllegalStateException("tls-provider: openssl (expected: available, but " + (OpenSsl.isAvailable()
                            ? "it lacks TLSv1.3" : "it cannot load: " + OpenSsl.unavailabilityCause()) + ")");
                }
                yield SslProvider.OPENSSL;
            }
            case AUTO -> {
                if (!openSsl && !config.groups().isEmpty()) {
                    throw new IllegalStateException("tls-groups: " + String.join(",", config.groups())
                            + " (expected: empty, as OpenSSL cannot be used here and the JDK provider takes -Djdk.tls.namedGroups)");
                }
                yield openSsl ? SslProvider.OPENSSL : SslProvider.JDK;
            }
        };
    }

    private static SslContext build(ServerConfig.Tls config, SslProvider provider) throws IOException {
        Path cert = config.cert().orElseThrow();
        Path key = config.key().orElseThrow();
        try {
            SslContextBuilder builder = SslContextBuilder.forServer(cert.toFile(), key.toFile(),
                            config.keyPassword().isEmpty() ? null : config.keyPassword())
                    .sslProvider(provider)
                    .protocols(config.protocols());
            if (!config.groups().isEmpty()) {
                builder.option(OpenSslContextOption.GROUPS, config.groups().toArray(String[]::new));
            }
            return builder.build();
        } catch (IOException | RuntimeException e) {
            throw new IOException("tls-cert " + cert + ", tls-key " + key + ": cannot build a TLS context (" + e.getMessage() + ")", e);
        }
    }

    /** Rebuilds the context from the files; on failure keeps the current one and says why. */
    public void reload() {
        try {
            context = build(config, provider);
            log.info("TLS certificate reloaded: {}", describeCertificate());
        } catch (IOException e) {
            log.warn("TLS files changed but cannot be used, keeping the previous certificate: {}", e.getMessage());
        }
    }

    /** A handler for a new connection, with the current certificate. */
    public SslHandler newHandler(ByteBufAllocator allocator) {
        return context.newHandler(allocator);
    }

    public SslProvider provider() {
        return provider;
    }

    private String describeCertificate() {
        try (InputStream in = Files.newInputStream(config.cert().orElseThrow())) {
            X509Certificate leaf = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            return leaf.getSubjectX500Principal().getName() + ", serial " + leaf.getSerialNumber().toString(16) + ", valid until "
                    + leaf.getNotAfter().toInstant();
        } catch (IOException | CertificateException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
