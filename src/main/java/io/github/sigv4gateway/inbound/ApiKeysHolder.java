package io.github.sigv4gateway.inbound;

import org.jspecify.annotations.Nullable;

/**
 * The API keys in force, or none when none are configured, and the reloader of their file, stopped with the
 * application context.
 *
 * @param keys the keys, or {@code null}
 * @param reloader the file's reloader, or {@code null} without a file
 */
record ApiKeysHolder(@Nullable ApiKeys keys, @Nullable ApiKeyFileReloader reloader) implements AutoCloseable {

    @Override
    public void close() {
        if (reloader != null) {
            reloader.close();
        }
    }
}
