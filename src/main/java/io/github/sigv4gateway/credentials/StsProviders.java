package io.github.sigv4gateway.credentials;

import io.github.sigv4gateway.config.CredentialsProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * Credentials from STS: GetSessionToken, AssumeRole and AssumeRoleWithWebIdentity through the SDK's
 * {@link StsClient}. Each {@code resolveCredentials()} is exactly one STS call: the gateway's own cache
 * ({@link CachedCredentials}) decides when to refresh, so the SDK's STS credential providers, which cache and
 * prefetch on a schedule of their own, would only add a second, disagreeing cache. Regional STS endpoints;
 * {@code sts-endpoint} or {@code AWS_ENDPOINT_URL_STS} override. The client {@link CallerIdentity} asks is built
 * the same way, for every entry type.
 */
final class StsProviders {

    static final Duration DEFAULT_DURATION = Duration.ofHours(1);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(15);

    private final Map<String, String> environment;
    /**
     * The SDK region chain's answer, looked up once: off EC2 without {@code AWS_REGION} the chain spends about a
     * second probing the instance metadata service, and every entry builds an STS client (for GetCallerIdentity).
     */
    private @Nullable String defaultRegion;

    StsProviders(Map<String, String> environment) {
        this.environment = environment;
    }

    AwsCredentialsProvider sessionToken(String name, CredentialsProperties entry, AwsCredentialsProvider source) {
        StsClient sts = client(entry, new LongTermKeysOnly(name, entry.getSource(), source));
        int seconds = durationSeconds(entry);
        return () -> toCredentials(
                sts.getSessionToken(r -> r.durationSeconds(seconds)).credentials());
    }

    AwsCredentialsProvider assumeRole(CredentialsProperties entry, AwsCredentialsProvider source) {
        StsClient sts = client(entry, source);
        int seconds = durationSeconds(entry);
        String sessionName = sessionName(entry);
        return () -> toCredentials(sts.assumeRole(r -> r.roleArn(entry.getRoleArn())
                        .roleSessionName(sessionName)
                        .externalId(entry.getExternalId())
                        .durationSeconds(seconds))
                .credentials());
    }

    AwsCredentialsProvider webIdentity(CredentialsProperties entry) {
        String roleArn = entry.getRoleArn() != null ? entry.getRoleArn() : environment.get("AWS_ROLE_ARN");
        String tokenFile =
                entry.getTokenFile() != null ? entry.getTokenFile() : environment.get("AWS_WEB_IDENTITY_TOKEN_FILE");
        String sessionName = sessionName(entry);
        // AssumeRoleWithWebIdentity is not signed: the token is the proof.
        StsClient sts = client(entry, AnonymousCredentialsProvider.create());
        return () -> toCredentials(sts.assumeRoleWithWebIdentity(
                        r -> r.roleArn(roleArn).roleSessionName(sessionName).webIdentityToken(readToken(tokenFile)))
                .credentials());
    }

    private static AwsSessionCredentials toCredentials(Credentials credentials) {
        return AwsSessionCredentials.builder()
                .accessKeyId(credentials.accessKeyId())
                .secretAccessKey(credentials.secretAccessKey())
                .sessionToken(credentials.sessionToken())
                .expirationTime(credentials.expiration())
                .build();
    }

    /**
     * The client {@link CallerIdentity} asks: this entry's STS settings, one attempt bounded by
     * {@link CallerIdentity#TIMEOUT}. Each call brings the credentials it asks about, so the client holds none.
     */
    StsClient callerIdentityClient(CredentialsProperties entry) {
        return builder(entry, AnonymousCredentialsProvider.create())
                .overrideConfiguration(
                        o -> o.apiCallTimeout(CallerIdentity.TIMEOUT).retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    private StsClient client(CredentialsProperties entry, AwsCredentialsProvider credentials) {
        return builder(entry, credentials).build();
    }

    private StsClientBuilder builder(CredentialsProperties entry, AwsCredentialsProvider credentials) {
        StsClientBuilder builder = StsClient.builder()
                .region(Region.of(stsRegion(entry)))
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(SOCKET_TIMEOUT)
                        .build());
        if (entry.getStsEndpoint() != null) {
            builder.endpointOverride(URI.create(entry.getStsEndpoint()));
        }
        return builder;
    }

    private String stsRegion(CredentialsProperties entry) {
        return entry.getStsRegion() != null ? entry.getStsRegion() : defaultRegion();
    }

    private synchronized String defaultRegion() {
        if (defaultRegion == null) {
            try {
                defaultRegion = DefaultAwsRegionProviderChain.builder()
                        .build()
                        .getRegion()
                        .id();
            } catch (RuntimeException e) {
                defaultRegion = "us-east-1";
            }
        }
        return defaultRegion;
    }

    static String sessionName(CredentialsProperties entry) {
        if (entry.getSessionName() != null) {
            return entry.getSessionName();
        }
        String host = System.getenv().getOrDefault("HOSTNAME", "local").replaceAll("[^\\w+=,.@-]", "-");
        String name = "sigv4-gateway-" + host;
        return name.length() > 64 ? name.substring(0, 64) : name;
    }

    private static int durationSeconds(CredentialsProperties entry) {
        Duration duration = entry.getDuration() != null ? entry.getDuration() : DEFAULT_DURATION;
        return (int) duration.toSeconds();
    }

    private static String readToken(@Nullable String tokenFile) {
        if (tokenFile == null) {
            throw new IllegalStateException("no web identity token file configured");
        }
        try {
            // Re-read at every refresh: Kubernetes rotates projected service-account tokens in place.
            return Files.readString(Path.of(tokenFile), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read web identity token file " + tokenFile, e);
        }
    }

    /** Refuses temporary keys as the source of GetSessionToken, which STS would reject less clearly. */
    private record LongTermKeysOnly(String entry, @Nullable String sourceName, AwsCredentialsProvider source)
            implements AwsCredentialsProvider {

        @Override
        public software.amazon.awssdk.auth.credentials.AwsCredentials resolveCredentials() {
            software.amazon.awssdk.auth.credentials.AwsCredentials credentials = source.resolveCredentials();
            if (credentials instanceof AwsSessionCredentials) {
                throw new IllegalStateException("credentials '" + entry + "' (session-token): source '"
                        + (sourceName == null ? "default chain" : sourceName) + "' gives temporary credentials, but"
                        + " GetSessionToken needs an IAM user's long-term keys");
            }
            return credentials;
        }
    }
}
