package io.github.sigv4gateway.inbound;

import io.github.sigv4gateway.config.ApiKeyFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the API key file at start and again whenever its content changes, on a thread of its own (never an event
 * loop). The content is compared, not a modification time: a Kubernetes Secret is updated by swapping a symlink, and
 * an editor or a copy by a rename, neither of which a time on the path itself reliably shows. A file that cannot be
 * read or has a bad line leaves the keys in force as they were, with a WARN naming the line, never its text.
 */
final class ApiKeyFileReloader implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ApiKeyFileReloader.class);

    private final Path file;
    private final Map<String, byte[]> inline;
    private final ApiKeys keys;
    private final ScheduledExecutorService thread;
    private byte[] loaded = new byte[0];
    private String lastProblem = "";

    ApiKeyFileReloader(Path file, Map<String, byte[]> inline, ApiKeys keys, Duration interval) {
        this.file = file;
        this.inline = inline;
        this.keys = keys;
        this.thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread named = new Thread(runnable, "sigv4-api-keys");
            named.setDaemon(true);
            return named;
        });
        reload();
        long millis = interval.toMillis();
        thread.scheduleWithFixedDelay(this::reload, millis, millis, TimeUnit.MILLISECONDS);
    }

    void reload() {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            warn("cannot be read (" + e.getClass().getSimpleName() + ")");
            return;
        }
        if (Arrays.equals(content, loaded)) {
            return;
        }
        List<String> problems = new ArrayList<>();
        Map<String, byte[]> fromFile = ApiKeyFile.parse(new String(content, StandardCharsets.UTF_8), problems);
        if (!problems.isEmpty()) {
            warn("has " + problems.size() + " bad line(s): " + String.join("; ", problems));
            return;
        }
        Map<String, byte[]> all = new LinkedHashMap<>(inline);
        all.putAll(fromFile);
        keys.replace(all);
        loaded = content;
        lastProblem = "";
        log.info("API keys: {} in force ({} from {})", all.size(), fromFile.size(), file);
    }

    /** Once per distinct problem: a file left broken is polled again and again. */
    private void warn(String problem) {
        if (!problem.equals(lastProblem)) {
            lastProblem = problem;
            log.warn("API key file {} {}; the {} key(s) in force stay", file, problem, keys.size());
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
