package io.github.sigv4gateway.inbound;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;

/**
 * The API keys in force, as SHA-256 hashes by name, and how a request presents one: {@code Authorization: Bearer
 * KEY}, or a header of the operator's choice carrying the key alone. A presented key is hashed and compared with
 * every hash in constant time ({@link MessageDigest#isEqual}), all of them each time, so the time taken tells
 * nothing about which hash came close. The keys are replaced whole when the key file changes.
 */
final class ApiKeys {

    private static final String BEARER = "bearer ";
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(ApiKeys::sha256);

    /** One key: its name (the audit identity) and its hash. */
    private record Key(String name, byte[] hash) {}

    private final String header;
    private final boolean bearer;
    private volatile List<Key> keys = List.of();

    ApiKeys(String header) {
        this.header = header;
        this.bearer = HttpHeaders.AUTHORIZATION.equalsIgnoreCase(header);
    }

    /** Replaces the keys in force. */
    void replace(Map<String, byte[]> hashesByName) {
        keys = hashesByName.entrySet().stream()
                .map(entry -> new Key(entry.getKey(), entry.getValue().clone()))
                .toList();
    }

    int size() {
        return keys.size();
    }

    /** The header the key travels in. */
    String header() {
        return header;
    }

    /** Whether the key travels as a bearer token in {@code Authorization}. */
    boolean bearer() {
        return bearer;
    }

    /** The key the request presents, or {@code null} (no such header, or an Authorization of another scheme). */
    @Nullable
    String presented(HttpHeaders headers) {
        String value = headers.getFirst(header);
        if (value == null) {
            return null;
        }
        if (!bearer) {
            return value.strip();
        }
        return value.length() > BEARER.length()
                        && value.substring(0, BEARER.length())
                                .toLowerCase(Locale.ROOT)
                                .equals(BEARER)
                ? value.substring(BEARER.length()).strip()
                : null;
    }

    /** The name of the key {@code presented} is, or {@code null} when it is none of them. */
    @Nullable
    String nameOf(String presented) {
        MessageDigest digest = SHA256.get();
        byte[] hash = digest.digest(presented.getBytes(StandardCharsets.UTF_8));
        String found = null;
        for (Key key : keys) {
            if (MessageDigest.isEqual(key.hash(), hash) && found == null) {
                found = key.name();
            }
        }
        return found;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-256", e);
        }
    }
}
