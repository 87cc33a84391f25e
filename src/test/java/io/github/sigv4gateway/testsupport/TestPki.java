package io.github.sigv4gateway.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;

/**
 * A certificate authority made at test time with {@code openssl}: EC P-256 keys, PEM files, certificates valid two
 * days with the subject and subject alternative names a test asks for. Client and server TLS contexts are built
 * from the PEM files with Spring Boot's own PEM support.
 */
public final class TestPki {

    /** A certificate and its key, PEM files. */
    public record Issued(Path certificate, Path privateKey) {

        public X509Certificate x509() {
            return TestPki.read(certificate);
        }
    }

    private final Path directory;
    private final Path caCertificate;
    private final Path caKey;

    /** A new CA named {@code name}, its files in {@code directory}. */
    public TestPki(Path directory, String name) {
        this.directory = directory;
        this.caCertificate = directory.resolve(name + "-ca.crt");
        this.caKey = directory.resolve(name + "-ca.key");
        openssl(
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
                "-nodes",
                "-keyout",
                caKey.toString(),
                "-out",
                caCertificate.toString(),
                "-subj",
                "/CN=" + name + " test CA",
                "-days",
                "2");
    }

    public Path caCertificate() {
        return caCertificate;
    }

    /**
     * A certificate signed by this CA, with a random serial number.
     *
     * @param subject openssl's form, e.g. {@code /CN=orders/O=shop}
     * @param subjectAltNames openssl's form, e.g. {@code DNS:localhost,IP:127.0.0.1,URI:spiffe://x/y}, or null
     */
    public Issued issue(String fileName, String subject, @Nullable String subjectAltNames) {
        Path key = directory.resolve(fileName + ".key");
        Path csr = directory.resolve(fileName + ".csr");
        Path certificate = directory.resolve(fileName + ".crt");
        Path extensions = directory.resolve(fileName + ".ext");
        try {
            Files.writeString(
                    extensions,
                    "basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth,clientAuth\n"
                            + (subjectAltNames == null ? "" : "subjectAltName=" + subjectAltNames + "\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        openssl(
                "req",
                "-new",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
                "-nodes",
                "-keyout",
                key.toString(),
                "-out",
                csr.toString(),
                "-subj",
                subject);
        openssl(
                "x509",
                "-req",
                "-in",
                csr.toString(),
                "-CA",
                caCertificate.toString(),
                "-CAkey",
                caKey.toString(),
                "-set_serial",
                String.valueOf(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE)),
                "-days",
                "2",
                "-extfile",
                extensions.toString(),
                "-out",
                certificate.toString());
        return new Issued(certificate, key);
    }

    /**
     * Puts {@code next}'s files in place of {@code current}'s by atomic renames, key first, as a tool that rotates
     * files does (a reader never sees a half-written file).
     */
    public static void replace(Issued current, Issued next) {
        try {
            Path key = Files.copy(next.privateKey(), current.privateKey().resolveSibling(".next.key"));
            Path certificate =
                    Files.copy(next.certificate(), current.certificate().resolveSibling(".next.crt"));
            Files.move(key, current.privateKey(), StandardCopyOption.ATOMIC_MOVE);
            Files.move(certificate, current.certificate(), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A client context trusting this CA, presenting {@code identity} when not null. */
    public SSLContext clientContext(@Nullable Issued identity) {
        PemSslStoreDetails keyStore = identity == null
                ? null
                : PemSslStoreDetails.forCertificate(
                                identity.certificate().toUri().toString())
                        .withPrivateKey(identity.privateKey().toUri().toString());
        PemSslStoreDetails trustStore =
                PemSslStoreDetails.forCertificate(caCertificate.toUri().toString());
        return SslBundle.of(new PemSslStoreBundle(keyStore, trustStore)).createSslContext();
    }

    static X509Certificate read(Path pem) {
        try (var in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void openssl(String... arguments) {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(arguments));
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("openssl " + arguments[0] + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
