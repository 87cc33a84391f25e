package io.github.sigv4gateway.testsupport;

import org.jspecify.annotations.Nullable;

/** Closing what a test class started, in one call from its {@code @AfterAll}. */
public final class Closeables {

    private Closeables() {}

    /**
     * Closes each in order, skipping nulls (what a failed {@code @BeforeAll} never started) and going on past one that
     * fails, so a gateway that fails to stop does not leave the others running; then throws the first failure, the
     * others suppressed in it.
     */
    public static void closeAll(@Nullable AutoCloseable... closeables) {
        IllegalStateException failure = null;
        for (AutoCloseable closeable : closeables) {
            if (closeable == null) {
                continue;
            }
            try {
                closeable.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("could not close " + closeable, e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
