package io.github.sigv4gateway.emulator;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Access keys the emulator accepts; tests add keys they created (or that an STS peer issued). */
public final class CredentialStore {

    private final Map<String, Identity> keys = new ConcurrentHashMap<>();

    public CredentialStore add(String accessKeyId, String secretAccessKey, String principalArn) {
        keys.put(accessKeyId, new Identity(secretAccessKey, null, principalArn));
        return this;
    }

    public CredentialStore addTemporary(
            String accessKeyId, String secretAccessKey, String sessionToken, String principalArn) {
        keys.put(accessKeyId, new Identity(secretAccessKey, sessionToken, principalArn));
        return this;
    }

    public Optional<Identity> find(String accessKeyId) {
        return Optional.ofNullable(keys.get(accessKeyId));
    }

    /** The principal behind a key, if known: temporary keys from GetSessionToken act as the user who asked. */
    public Optional<String> principalOf(String accessKeyId) {
        return find(accessKeyId).map(Identity::principalArn);
    }
}
