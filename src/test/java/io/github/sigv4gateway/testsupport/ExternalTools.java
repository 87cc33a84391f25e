package io.github.sigv4gateway.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Tools installed on the machine that tests run (independent SigV4 signers, python3): a test that needs one is
 * skipped with a message when it is absent, and failed under CI, where {@code .ci/run} installs them.
 */
public final class ExternalTools {

    private ExternalTools() {}

    public static void require(String what, String... probe) {
        boolean available;
        try {
            Process process =
                    new ProcessBuilder(probe).redirectErrorStream(true).start();
            available = process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            available = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            available = false;
        }
        if (!available && "true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(what + " is required under CI");
        }
        Assumptions.assumeTrue(available, what + " is not installed; skipping this test");
    }

    /** Runs a command, feeding {@code stdin}, and returns its stdout; fails on a non-zero exit. */
    public static String run(List<String> command, String stdin) {
        try {
            Process process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(command + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
