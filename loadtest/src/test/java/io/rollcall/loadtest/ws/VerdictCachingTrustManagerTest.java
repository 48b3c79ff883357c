package io.rollcall.loadtest.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rollcall.testing.TestCertificates;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against the JDK's real PKIX trust manager and certificates made by openssl. */
class VerdictCachingTrustManagerTest {
    /** The JDK's trust manager for {@code ca}, counting the chains it is asked to check. */
    private static final class Counting extends X509ExtendedTrustManager {
        final AtomicInteger checks = new AtomicInteger();
        private final X509ExtendedTrustManager jdk;

        Counting(Path ca) throws Exception {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            store.setCertificateEntry("ca", read(ca));
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            jdk = (X509ExtendedTrustManager) factory.getTrustManagers()[0];
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            checks.incrementAndGet();
            jdk.checkServerTrusted(chain, authType, engine);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            jdk.checkServerTrusted(chain, authType, socket);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            jdk.checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return jdk.getAcceptedIssuers();
        }
    }

    private static X509Certificate read(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    @Test
    void checksAChainInFullOnceAndRefusesAnUntrustedOneEveryTime(@TempDir Path dir) throws Exception {
        TestCertificates ca = TestCertificates.createCa(Files.createDirectories(dir.resolve("ca")));
        TestCertificates other = TestCertificates.createCa(Files.createDirectories(dir.resolve("other")));
        X509Certificate[] good = {read(ca.issue("node", "localhost").cert())};
        X509Certificate[] foreign = {read(other.issue("node", "localhost").cert())};
        Counting jdk = new Counting(ca.caCert);
        VerdictCachingTrustManager trust = new VerdictCachingTrustManager(jdk);

        for (int i = 0; i < 3; i++) {
            trust.checkServerTrusted(good, "ECDHE_ECDSA", (SSLEngine) null);
            assertThatThrownBy(() -> trust.checkServerTrusted(foreign, "ECDHE_ECDSA", (SSLEngine) null))
                    .isInstanceOf(CertificateException.class);
        }

        // The good chain was checked in full the first time only; the foreign one every time.
        assertThat(jdk.checks).hasValue(1 + 3);
        assertThatThrownBy(() -> trust.checkClientTrusted(good, "ECDHE_ECDSA", (SSLEngine) null))
                .isInstanceOf(CertificateException.class);
    }
}
