package io.github.sigv4gateway.emulator;

import org.jspecify.annotations.Nullable;

/**
 * What AWS knows about an access key: its secret, the session token it was issued with (temporary keys only) and
 * the principal it acts as.
 *
 * @param secretAccessKey secret key
 * @param sessionToken token that must accompany temporary keys, {@code null} for long-term keys
 * @param principalArn the IAM user or role session behind the key
 */
public record Identity(String secretAccessKey, @Nullable String sessionToken, String principalArn) {

    @Override
    public String toString() {
        return "Identity[" + principalArn + ", temporary=" + (sessionToken != null) + "]";
    }
}
