package io.rollcall.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throw-away CA and server certificates signed by it (P-256, SAN localhost and 127.0.0.1), made
 * with the {@code openssl} command line in a directory the test owns. Keys are PKCS#8 PEM.
 */
public final class TestCertificates {
    private final Path dir;
    public final Path caCert;
    private final Path caKey;

    private TestCertificates(Path dir) {
        this.dir = dir;
        this.caCert = dir.resolve("ca.pem");
        this.caKey = dir.resolve("ca.key");
    }

    /** Makes a CA in {@code dir}. */
    public static TestCertificates createCa(Path dir) throws Exception {
        TestCertificates certificates = new TestCertificates(dir);
        openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "ca.key",
                "-out", "ca.pem", "-days", "2", "-subj", "/CN=rollcall test CA",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign");
        return certificates;
    }

    /** A server certificate named {@code commonName}, written to {@code <name>.pem} and its key to {@code <name>.key}. */
    public Issued issue(String name, String commonName) throws Exception {
        Files.writeString(dir.resolve("san.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
        openssl(dir, "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", name + ".key",
                "-out", name + ".csr", "-subj", "/CN=" + commonName);
        openssl(dir, "x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", name + ".pem", "-days", "2", "-extfile", "san.ext");
        return new Issued(dir.resolve(name + ".pem"), dir.resolve(name + ".key"));
    }

    /** A copy of {@code issued}'s key encrypted with {@code password} (PKCS#8, PBES2 with AES-256). */
    public Path encryptedKey(Issued issued, String password) throws Exception {
        Path encrypted = issued.key().resolveSibling(issued.key().getFileName() + ".enc");
        openssl(dir, "pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", issued.key().toString(), "-out", encrypted.toString(),
                "-passout", "pass:" + password);
        return encrypted;
    }

    /** A JDK SSL context trusting only this CA, for {@code java.net.http} clients. */
    public SSLContext trustingContext() throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(caCert)) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trustManagers.getTrustManagers(), null);
        return context;
    }

    /** A certificate and its key. */
    public record Issued(Path cert, Path key) {
        /** Copies this pair over {@code target}'s files, each with an atomic rename, as an operator's rotation would. */
        public void installAs(Issued target) throws IOException {
            replace(cert, target.cert);
            replace(key, target.key);
        }

        private static void replace(Path source, Path target) throws IOException {
            Path staged = target.resolveSibling(target.getFileName() + ".new");
            Files.copy(source, staged, StandardCopyOption.REPLACE_EXISTING);
            Files.move(staged, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private static void openssl(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("openssl " + String.join(" ", args) + " failed: " + output);
        }
    }
}
