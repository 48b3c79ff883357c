package io.rollcall.loadtest.ws;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslContextOption;
import io.netty.handler.ssl.OpenSslSessionContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.List;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The fleet's TLS client side: one {@link SslContext} shared by every connection (TLS 1.3 only),
 * OpenSSL (BoringSSL from netty-tcnative) when it loads, else the JDK's SSLEngine. Trusts the CA in
 * a PEM file, the JVM's default trust store, or, for local load tests only, anything. Host names
 * are verified unless trusting anything; a chain that passed for a host is not re-validated
 * ({@link VerdictCachingTrustManager}). No session resumption: every connection does a full
 * handshake, as a storm of new clients would, and OpenSSL keeps no session cache. Thread-safe.
 */
public final class ClientTls {
    /** The only protocol offered; rollcall nodes default to it too. */
    public static final String PROTOCOL = "TLSv1.3";

    /** Which TLS implementation to use. */
    public enum Provider { AUTO, OPENSSL, JDK }

    private final SslContext context;
    private final SslProvider provider;
    private final String trust;
    private final List<String> groups;

    private ClientTls(SslContext context, SslProvider provider, String trust, List<String> groups) {
        this.context = context;
        this.provider = provider;
        this.trust = trust;
        this.groups = groups;
    }

    /** As {@link #create(Path, boolean, Provider, List)} with the provider's key exchange groups. */
    public static ClientTls create(Path caFile, boolean insecure, Provider choice) throws IOException {
        return create(caFile, insecure, choice, List.of());
    }

    /**
     * Builds the shared context. {@code caFile} (PEM; null: the JVM's default trust store) is the
     * CA to trust; {@code insecure} trusts any certificate and skips host name checks; {@code groups}
     * (OpenSSL only; empty: the provider's default, X25519MLKEM768 first as in current browsers) are
     * the key exchange groups offered, in order.
     */
    public static ClientTls create(Path caFile, boolean insecure, Provider choice, List<String> groups) throws IOException {
        SslProvider provider = select(choice);
        if (!groups.isEmpty() && provider != SslProvider.OPENSSL) {
            throw new IllegalArgumentException("--tls-groups: " + String.join(",", groups)
                    + " (expected: none with the JDK provider, which takes -Djdk.tls.namedGroups)");
        }
        SslContextBuilder builder = SslContextBuilder.forClient().sslProvider(provider).protocols(PROTOCOL)
                .endpointIdentificationAlgorithm(insecure ? null : "HTTPS");
        if (!groups.isEmpty()) {
            builder.option(OpenSslContextOption.GROUPS, groups.toArray(String[]::new));
        }
        String trust;
        if (insecure) {
            builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
            trust = "any certificate (--insecure)";
        } else {
            builder.trustManager(new VerdictCachingTrustManager(pkixTrustManager(caFile)));
            trust = caFile != null ? "CA " + caFile : "the JVM's default CAs";
        }
        try {
            SslContext context = builder.build();
            if (context.sessionContext() instanceof OpenSslSessionContext sessions) {
                // Nothing is resumed, so looking up and storing each server's ticket is only generator CPU.
                sessions.setSessionCacheEnabled(false);
            }
            return new ClientTls(context, provider, trust, List.copyOf(groups));
        } catch (IOException e) {
            if (groups.isEmpty()) {
                throw e;
            }
            throw new IOException("--tls-groups: " + String.join(",", groups) + " (expected: groups the provider knows, e.g. "
                    + "x25519,secp256r1): " + e.getMessage(), e);
        }
    }

    /** The JDK's PKIX trust manager for the CAs in {@code caFile}, or for the JVM's default CAs when null. */
    private static X509ExtendedTrustManager pkixTrustManager(Path caFile) throws IOException {
        try {
            KeyStore store = null;
            if (caFile != null) {
                if (!Files.isReadable(caFile)) {
                    throw new IOException("--ca-file: " + caFile + " (expected: a readable PEM file)");
                }
                store = KeyStore.getInstance(KeyStore.getDefaultType());
                store.load(null, null);
                try (InputStream in = Files.newInputStream(caFile)) {
                    int n = 0;
                    for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                        store.setCertificateEntry("ca-" + n++, certificate);
                    }
                    if (n == 0) {
                        throw new IOException("--ca-file: " + caFile + " (expected: at least one PEM certificate)");
                    }
                }
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509ExtendedTrustManager x509) {
                    return x509;
                }
            }
            throw new IllegalStateException("the JDK offers no X509ExtendedTrustManager");
        } catch (GeneralSecurityException e) {
            throw new IOException("--ca-file: " + caFile + " (expected: PEM certificates): " + e.getMessage(), e);
        }
    }

    private static SslProvider select(Provider choice) {
        boolean openSsl = OpenSsl.isAvailable() && SslProvider.isTlsv13Supported(SslProvider.OPENSSL);
        return switch (choice) {
            case JDK -> SslProvider.JDK;
            case OPENSSL -> {
                if (!openSsl) {
                    throw new IllegalArgumentException("--tls-provider: openssl (expected: available, but " + (OpenSsl.isAvailable()
                            ? "it lacks TLSv1.3" : "it cannot load: " + OpenSsl.unavailabilityCause()) + ")");
                }
                yield SslProvider.OPENSSL;
            }
            case AUTO -> openSsl ? SslProvider.OPENSSL : SslProvider.JDK;
        };
    }

    /** A handler for one connection to {@code host:port} (SNI and host name check). Event loop of that connection. */
    SslHandler newHandler(ByteBufAllocator alloc, String host, int port) {
        return context.newHandler(alloc, host, port);
    }

    /** The provider and the groups when chosen, e.g. {@code OpenSSL (BoringSSL)} or {@code JDK}. */
    public String provider() {
        String name = provider == SslProvider.OPENSSL ? "OpenSSL (" + OpenSsl.versionString() + ")" : "JDK";
        return groups.isEmpty() ? name : name + " offering " + String.join(",", groups);
    }

    /** What the client trusts, for the report. */
    public String trust() {
        return trust;
    }
}
