package io.rollcall.loadtest.ws;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Checks a server's chain with the JDK's PKIX trust manager the first time it is seen for a host,
 * and only its dates after that: a load test's thousands of handshakes all present the same
 * chain, and the full check (path building, signatures, host name) was most of the generator's
 * own Java time per TLS connection. A chain is remembered only once it passed, keyed by its
 * certificates and the host (so the host name check is not skipped for another host). Client
 * authentication is not used and is refused. Thread-safe.
 */
final class VerdictCachingTrustManager extends X509ExtendedTrustManager {
    /** Bounds the memory a run against a changing set of servers could use. */
    private static final int MAX_REMEMBERED = 1024;

    private record Verdict(String host, List<X509Certificate> chain) {}

    private final X509ExtendedTrustManager delegate;
    private final Set<Verdict> trusted = ConcurrentHashMap.newKeySet();

    VerdictCachingTrustManager(X509ExtendedTrustManager delegate) {
        this.delegate = delegate;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        Verdict verdict = new Verdict(engine == null ? null : engine.getPeerHost(), Arrays.asList(chain));
        if (trusted.contains(verdict)) {
            for (X509Certificate certificate : chain) {
                certificate.checkValidity();
            }
            return;
        }
        delegate.checkServerTrusted(chain, authType, engine);
        if (trusted.size() < MAX_REMEMBERED) {
            trusted.add(verdict);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        delegate.checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate.checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        throw new CertificateException("the load generator does not authenticate clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("the load generator does not authenticate clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("the load generator does not authenticate clients");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return delegate.getAcceptedIssuers();
    }
}
