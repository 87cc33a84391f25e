package io.github.sigv4gateway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class TlsProviderTests {

    /** The jar carries BoringSSL for this platform: if the dependency went missing, Netty would quietly use the JDK. */
    @Test
    void onLinuxX86OrArm_boringSslLoads() {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        assumeTrue(
                System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("linux")
                        && (arch.equals("amd64") || arch.equals("aarch64"))
                        && !Boolean.getBoolean(TlsProvider.NO_OPENSSL),
                "netty-tcnative is shipped for Linux x86-64 and arm64 only");
        TlsProvider.Report report = TlsProvider.current();
        assertThat(report.level()).isEqualTo(Level.INFO);
        assertThat(report.message()).isEqualTo("TLS: BoringSSL (netty-tcnative)");
    }

    @Test
    void theJdksTls_asked_isInfo() {
        TlsProvider.Report report = TlsProvider.describe(
                false, null, new UnsupportedOperationException("explicitly disabled"), true, "Linux", "amd64");
        assertThat(report.level()).isEqualTo(Level.INFO);
        assertThat(report.message()).isEqualTo("TLS: the JDK's (io.netty.handler.ssl.noOpenSsl=true)");
    }

    @Test
    void theJdksTls_becauseTheLibraryDidNotLoad_onAShippedPlatform_isAWarningWithTheCause() {
        TlsProvider.Report report = TlsProvider.describe(
                false,
                null,
                new UnsatisfiedLinkError("failed to map segment from shared object"),
                false,
                "Linux",
                "aarch64");
        assertThat(report.level()).isEqualTo(Level.WARN);
        assertThat(report.message())
                .startsWith("TLS: the JDK's, because BoringSSL (netty-tcnative) could not be loaded")
                .contains("UnsatisfiedLinkError: failed to map segment from shared object")
                .contains("-Dio.netty.native.workdir");
    }

    @Test
    void theJdksTls_whereNoBuildIsShipped_isInfo() {
        TlsProvider.Report report =
                TlsProvider.describe(false, null, new UnsatisfiedLinkError("no library"), false, "Mac OS X", "aarch64");
        assertThat(report.level()).isEqualTo(Level.INFO);
        assertThat(report.message()).contains("could not be loaded (UnsatisfiedLinkError: no library)");
    }
}
