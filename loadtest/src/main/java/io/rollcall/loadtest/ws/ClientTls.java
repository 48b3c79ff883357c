package io.rollcall.loadtest.ws;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.OpenSsl;
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
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The fleet's TLS client side: one {@link SslContext} shared by every connection (TLS 1.3 only),
 * OpenSSL (BoringSSL from netty-tcnative) when it loads, else the JDK's SSLEngine. Trusts the CA in
 * a PEM file, the JVM's default trust store, or, for local load tests only, anything. Host names
 * are verified unless trusting anything; a chain that passed for a host is not re-validated
 * ({@link VerdictCachingTrustManager}). No session resumption: every connection does a full
 * handshake, as a storm of new clients would. Thread-safe.
 */
public final class ClientTls {
    /** The only protocol offered; rollcall nodes default to it too. */
    public static final String PROTOCOL = "TLSv1.3";

    /** Which TLS implementation to use. */
    public enum Provider { AUTO, OPENSSL, JDK }

    private final SslContext context;
    private final SslProvider provider;
    private final String trust;

    private ClientTls(SslContext context, SslProvider provider, String trust) {
        this.context = context;
        this.provider = provider;
        this.trust = trust;
    }

    /**
     * Builds the shared context. {@code caFile} (PEM; null: the JVM's default trust store) is the
     * CA to trust; {@code insecure} trusts any certificate and skips host name checks.
     */
    public static ClientTls create(Path caFile, boolean insecure, Provider choice) throws IOException {
        SslProvider provider = select(choice);
        SslContextBuilder builder = SslContextBuilder.forClient().sslProvider(provider).protocols(PROTOCOL)
                .endpointIdentificationAlgorithm(insecure ? null : "HTTPS");
        String trust;
        if (insecure) {
            builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
            trust = "any certificate (--insecure)";
        } else {
            builder.trustManager(new VerdictCachingTrustManager(pkixTrustManager(caFile)));
            trust = caFile != null ? "CA " + caFile : "the JVM's default CAs";
        }
        return new ClientTls(builder.build(), provider, trust);
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

    /** The provider, e.g. {@code OpenSSL (BoringSSL)} or {@code JDK}. */
    public String provider() {
        return provider == SslProvider.OPENSSL ? "OpenSSL (" + OpenSsl.versionString() + ")" : "JDK";
    }

    /** What the client trusts, for the report. */
    public String trust() {
        return trust;
    }
}
