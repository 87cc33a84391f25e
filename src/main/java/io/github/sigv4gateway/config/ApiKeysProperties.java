package io.github.sigv4gateway.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * API keys a client may present, under {@code sigv4-gateway.api-keys}: only their SHA-256 hashes are configured, by
 * name, inline or in a file re-read when it changes (a mounted Kubernetes Secret). A route lets a key in when its
 * {@code allow} list names it ({@code key:NAME}) or any key ({@code key:*}).
 */
public class ApiKeysProperties {

    /** Header carrying the key: Authorization (as "Bearer KEY") by default, or another header with the key alone. */
    private String header = "Authorization";

    /** File of keys, one NAME:SHA256HEX per line ('#' starts a comment), re-read when it changes. */
    private @Nullable String file;

    /** Keys by name, each as the lower-case hex SHA-256 of the key. */
    private Map<String, String> sha256 = new LinkedHashMap<>();

    /** How often the file is checked for a change. */
    private Duration reloadInterval = Duration.ofSeconds(5);

    /** Whether any of these keys is set (not a property: no is- prefix, so it binds to nothing). */
    public boolean configured() {
        return (file != null && !file.isBlank()) || !sha256.isEmpty();
    }

    public String getHeader() {
        return header;
    }

    public void setHeader(String header) {
        this.header = header;
    }

    public @Nullable String getFile() {
        return file;
    }

    public void setFile(@Nullable String file) {
        this.file = file;
    }

    public Map<String, String> getSha256() {
        return sha256;
    }

    public void setSha256(Map<String, String> sha256) {
        this.sha256 = sha256;
    }

    public Duration getReloadInterval() {
        return reloadInterval;
    }

    public void setReloadInterval(Duration reloadInterval) {
        this.reloadInterval = reloadInterval;
    }
}
