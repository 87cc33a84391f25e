package io.github.sigv4gateway.config;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The checks of {@code sigv4-gateway.server.tls}: files that exist and can be read, keys that go together. */
final class TlsChecks {

    static final String PREFIX = GatewayProperties.PREFIX + ".server.tls";

    private TlsChecks() {}

    static void check(TlsProperties tls, List<ConfigProblem> problems) {
        if (!tls.enabled()) {
            if (tls.getPrivateKey() != null || tls.getClientCa() != null || tls.getClientAuth() != null) {
                problems.add(new ConfigProblem(
                        PREFIX + ".certificate",
                        null,
                        "required when any other " + PREFIX + " key is set: the proxy port's PEM certificate"));
            }
            return;
        }
        readable(PREFIX + ".certificate", tls.getCertificate(), problems);
        if (tls.getPrivateKey() == null) {
            problems.add(new ConfigProblem(PREFIX + ".private-key", null, "required with certificate: its PEM key"));
        } else {
            readable(PREFIX + ".private-key", tls.getPrivateKey(), problems);
        }
        if (tls.getClientCa() != null) {
            readable(PREFIX + ".client-ca", tls.getClientCa(), problems);
        } else if (tls.getClientAuth() != null) {
            problems.add(new ConfigProblem(
                    PREFIX + ".client-ca",
                    null,
                    "required with client-auth: the PEM CA certificates that sign the clients' certificates"));
        }
    }

    /** A readable regular file; a value never names a secret's content, only where it is. */
    static void readable(String key, @Nullable String location, List<ConfigProblem> problems) {
        if (location == null) {
            return;
        }
        Path path;
        try {
            path = Path.of(location.startsWith("file:") ? location.substring(5) : location);
        } catch (InvalidPathException e) {
            problems.add(new ConfigProblem(key, location, "not a file path"));
            return;
        }
        if (!Files.isRegularFile(path)) {
            problems.add(new ConfigProblem(key, location, "no such file"));
        } else if (!Files.isReadable(path)) {
            problems.add(new ConfigProblem(key, location, "cannot be read by this process"));
        }
    }
}
