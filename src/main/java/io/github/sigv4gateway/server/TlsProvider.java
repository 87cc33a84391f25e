package io.github.sigv4gateway.server;

import io.netty.handler.ssl.OpenSsl;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.slf4j.event.Level;

/**
 * Which TLS Netty uses, towards the function URLs and on an HTTPS proxy port: BoringSSL (netty-tcnative, shipped for
 * Linux x86-64 and arm64) or the JDK's. Netty falls back to the JDK's TLS without a word when the native library
 * cannot load (a {@code noexec} temporary directory, a musl image), and the JDK's costs more CPU and memory on large
 * answers (bench/README.md), so the gateway says at startup which one it got, as a WARN when the fallback was not
 * asked for on a platform the library is shipped for.
 */
final class TlsProvider {

    /** Netty's switch to the JDK's TLS (README, Tuning). */
    static final String NO_OPENSSL = "io.netty.handler.ssl.noOpenSsl";

    private TlsProvider() {}

    /** A startup line: its level and text. */
    record Report(Level level, String message) {}

    /** Which TLS Netty will use, as Netty found it when first asked. */
    static Report current() {
        return describe(
                OpenSsl.isAvailable(),
                OpenSsl.isAvailable() ? OpenSsl.versionString() : null,
                OpenSsl.unavailabilityCause(),
                Boolean.getBoolean(NO_OPENSSL),
                System.getProperty("os.name", ""),
                System.getProperty("os.arch", ""));
    }

    static Report describe(
            boolean available,
            @Nullable String version,
            @Nullable Throwable cause,
            boolean disabledOnPurpose,
            String osName,
            String osArch) {
        if (available) {
            return new Report(Level.INFO, "TLS: " + (version == null ? "OpenSSL" : version) + " (netty-tcnative)");
        }
        if (disabledOnPurpose) {
            return new Report(Level.INFO, "TLS: the JDK's (" + NO_OPENSSL + "=true)");
        }
        String why = cause == null ? "unknown cause" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        Level level = shippedFor(osName, osArch) ? Level.WARN : Level.INFO;
        return new Report(
                level,
                "TLS: the JDK's, because BoringSSL (netty-tcnative) could not be loaded (" + why
                        + "); large answers cost more CPU and memory this way. Where the temporary directory is"
                        + " noexec, set -Dio.netty.native.workdir to a directory that allows execution.");
    }

    /** The platforms whose netty-tcnative build the jar carries. */
    private static boolean shippedFor(String osName, String osArch) {
        String arch = osArch.toLowerCase(Locale.ROOT);
        return osName.toLowerCase(Locale.ROOT).startsWith("linux")
                && (arch.equals("amd64") || arch.equals("x86_64") || arch.equals("aarch64"));
    }
}
