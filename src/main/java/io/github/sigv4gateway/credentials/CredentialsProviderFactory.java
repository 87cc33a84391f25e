package io.github.sigv4gateway.credentials;

import io.github.sigv4gateway.config.ConfigProblem;
import io.github.sigv4gateway.config.CredentialsProperties;
import io.github.sigv4gateway.config.CredentialsType;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Builds the SDK provider for each credentials entry type, and checks each entry's keys first. The SDK's own
 * providers are used as they are; the STS types plug in here.
 */
public final class CredentialsProviderFactory {

    /** Checks one entry; adds a problem per missing or contradictory key. */
    public void validate(String name, CredentialsProperties entry, Map<String, CredentialsProperties> all,
            List<ConfigProblem> problems) {
        String prefix = "sigv4-gateway.credentials." + name;
        switch (entry.getType()) {
            case STATIC -> {
                require(prefix + ".access-key-id", entry.getAccessKeyId(), problems);
                if (isBlank(entry.getSecretAccessKey())) {
                    problems.add(new ConfigProblem(prefix + ".secret-access-key", null, "required for type static"));
                }
            }
            case DEFAULT_CHAIN -> {
            }
            default -> problems.add(new ConfigProblem(prefix + ".type", entry.getType().configName(),
                    "not available in this version; use default-chain or static"));
        }
    }

    /** The provider for a validated entry. */
    public AwsCredentialsProvider create(String name, CredentialsProperties entry) {
        if (entry.getType() == CredentialsType.STATIC) {
            String token = entry.getSessionToken();
            return StaticCredentialsProvider.create(isBlank(token)
                    ? AwsBasicCredentials.create(entry.getAccessKeyId(), entry.getSecretAccessKey())
                    : AwsSessionCredentials.create(entry.getAccessKeyId(), entry.getSecretAccessKey(), token));
        }
        if (entry.getType() == CredentialsType.DEFAULT_CHAIN) {
            return DefaultCredentialsProvider.builder().build();
        }
        throw new IllegalArgumentException("credentials '" + name + "': unsupported type " + entry.getType());
    }

    private static void require(String key, @Nullable String value, List<ConfigProblem> problems) {
        if (isBlank(value)) {
            problems.add(new ConfigProblem(key, null, "required for type static"));
        }
    }

    private static boolean isBlank(@Nullable String value) {
        return value == null || value.isBlank();
    }
}
