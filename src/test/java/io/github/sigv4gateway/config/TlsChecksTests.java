package io.github.sigv4gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsChecksTests {

    @TempDir
    Path directory;

    @Test
    void unset_isFine() {
        assertThat(problems(new TlsProperties())).isEmpty();
    }

    @Test
    void readableFiles_areFine() throws IOException {
        TlsProperties tls = new TlsProperties();
        tls.setCertificate(Files.writeString(directory.resolve("tls.crt"), "x").toString());
        tls.setPrivateKey(Files.writeString(directory.resolve("tls.key"), "x").toString());
        tls.setClientCa("file:" + Files.writeString(directory.resolve("ca.crt"), "x"));

        assertThat(problems(tls)).isEmpty();
    }

    @Test
    void everyProblem_isNamedAtOnce() {
        TlsProperties tls = new TlsProperties();
        tls.setCertificate(directory.resolve("missing.crt").toString());
        tls.setClientAuth(TlsProperties.ClientAuth.WANT);

        assertThat(problems(tls))
                .extracting(ConfigProblem::describe)
                .containsExactly(
                        "sigv4-gateway.server.tls.certificate = '" + directory.resolve("missing.crt")
                                + "': no such file",
                        "sigv4-gateway.server.tls.private-key = (unset): required with certificate: its PEM key",
                        "sigv4-gateway.server.tls.client-ca = (unset): required with client-auth: the PEM CA"
                                + " certificates that sign the clients' certificates");
    }

    @Test
    void clientCaWithoutCertificate_asksForTheCertificate() {
        TlsProperties tls = new TlsProperties();
        tls.setClientCa("/etc/ca.crt");

        assertThat(problems(tls))
                .extracting(ConfigProblem::key)
                .containsExactly("sigv4-gateway.server.tls.certificate");
    }

    private static List<ConfigProblem> problems(TlsProperties tls) {
        List<ConfigProblem> problems = new ArrayList<>();
        TlsChecks.check(tls, problems);
        return problems;
    }
}
