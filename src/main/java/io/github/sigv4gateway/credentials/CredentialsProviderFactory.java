package io.github.sigv4gateway.credentials;

import io.github.sigv4gateway.config.CredentialsProperties;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** Builds the SDK provider behind each credentials entry type; validated entries only. */
public final class CredentialsProviderFactory {

    private final StsProviders sts;

    public CredentialsProviderFactory() {
        this(System.getenv());
    }

    public CredentialsProviderFactory(Map<String, String> environment) {
        this.sts = new StsProviders(environment);
    }

    /**
     * The provider for {@code entry}.
     *
     * @param sources the provider of another entry by name ({@code null} name: the SDK default chain), for STS
     *        types that call STS with a source's keys
     */
    public AwsCredentialsProvider create(
            String name, CredentialsProperties entry, Function<String, AwsCredentialsProvider> sources) {
        return switch (entry.getType()) {
            case STATIC ->
                StaticCredentialsProvider.create(
                        entry.getSessionToken() == null
                                        || entry.getSessionToken().isBlank()
                                ? AwsBasicCredentials.create(entry.getAccessKeyId(), entry.getSecretAccessKey())
                                : AwsSessionCredentials.create(
                                        entry.getAccessKeyId(), entry.getSecretAccessKey(), entry.getSessionToken()));
            case DEFAULT_CHAIN -> DefaultCredentialsProvider.builder().build();
            case SESSION_TOKEN -> sts.sessionToken(name, entry, sources.apply(entry.getSource()));
            case ASSUME_ROLE -> sts.assumeRole(entry, sources.apply(entry.getSource()));
            case WEB_IDENTITY -> sts.webIdentity(entry);
        };
    }

    /**
     * What tells the log which identity {@code entry} signs as: GetCallerIdentity through the entry's STS
     * settings, after every load for the STS types (their keys change) and after the first for the others.
     */
    CallerIdentity callerIdentity(CredentialsProperties entry) {
        if (!entry.isVerifyIdentity()) {
            return CallerIdentity.off();
        }
        return new CallerIdentity(
                sts.callerIdentityClient(entry), entry.getType().isSts());
    }
}
