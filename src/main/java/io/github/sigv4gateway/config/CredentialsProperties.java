package io.github.sigv4gateway.config;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * One entry of {@code sigv4-gateway.credentials.<name>}. Secrets are never printed: {@link #toString()} names
 * the type only.
 */
public class CredentialsProperties {

    /** Where the keys come from: default-chain, static, session-token, assume-role or web-identity. */
    private CredentialsType type = CredentialsType.DEFAULT_CHAIN;

    /** Access key id, for type static. */
    private @Nullable String accessKeyId;

    /** Secret access key, for type static. */
    private @Nullable String secretAccessKey;

    /** Session token, for type static with temporary keys. */
    private @Nullable String sessionToken;

    /** Entry whose keys call STS, for the STS types; the SDK default chain when unset. */
    private @Nullable String source;

    /** Lifetime asked of STS: 15m..36h for session-token, 15m..12h for assume-role; default 1h. */
    private @Nullable Duration duration;

    /** Role to assume, for assume-role and web-identity. */
    private @Nullable String roleArn;

    /** Role session name (at most 64 characters), for assume-role and web-identity. */
    private @Nullable String sessionName;

    /** External id passed to AssumeRole. */
    private @Nullable String externalId;

    /** File holding the web identity token, re-read at every refresh, for web-identity. */
    private @Nullable String tokenFile;

    /** How long before expiry STS credentials are refreshed in the background. */
    private Duration refreshBeforeExpiry = Duration.ofMinutes(5);

    /** Region of the STS endpoint; regional endpoints are used. */
    private @Nullable String stsRegion;

    /** STS endpoint override, e.g. for a VPC endpoint or a local emulator. */
    private @Nullable String stsEndpoint;

    /** Whether each load logs the account and ARN from STS GetCallerIdentity (needs network access to STS). */
    private boolean verifyIdentity = true;

    public CredentialsType getType() {
        return type;
    }

    public void setType(CredentialsType type) {
        this.type = type;
    }

    public @Nullable String getAccessKeyId() {
        return accessKeyId;
    }

    public void setAccessKeyId(@Nullable String accessKeyId) {
        this.accessKeyId = accessKeyId;
    }

    public @Nullable String getSecretAccessKey() {
        return secretAccessKey;
    }

    public void setSecretAccessKey(@Nullable String secretAccessKey) {
        this.secretAccessKey = secretAccessKey;
    }

    public @Nullable String getSessionToken() {
        return sessionToken;
    }

    public void setSessionToken(@Nullable String sessionToken) {
        this.sessionToken = sessionToken;
    }

    public @Nullable String getSource() {
        return source;
    }

    public void setSource(@Nullable String source) {
        this.source = source;
    }

    public @Nullable Duration getDuration() {
        return duration;
    }

    public void setDuration(@Nullable Duration duration) {
        this.duration = duration;
    }

    public @Nullable String getRoleArn() {
        return roleArn;
    }

    public void setRoleArn(@Nullable String roleArn) {
        this.roleArn = roleArn;
    }

    public @Nullable String getSessionName() {
        return sessionName;
    }

    public void setSessionName(@Nullable String sessionName) {
        this.sessionName = sessionName;
    }

    public @Nullable String getExternalId() {
        return externalId;
    }

    public void setExternalId(@Nullable String externalId) {
        this.externalId = externalId;
    }

    public @Nullable String getTokenFile() {
        return tokenFile;
    }

    public void setTokenFile(@Nullable String tokenFile) {
        this.tokenFile = tokenFile;
    }

    public Duration getRefreshBeforeExpiry() {
        return refreshBeforeExpiry;
    }

    public void setRefreshBeforeExpiry(Duration refreshBeforeExpiry) {
        this.refreshBeforeExpiry = refreshBeforeExpiry;
    }

    public @Nullable String getStsRegion() {
        return stsRegion;
    }

    public void setStsRegion(@Nullable String stsRegion) {
        this.stsRegion = stsRegion;
    }

    public @Nullable String getStsEndpoint() {
        return stsEndpoint;
    }

    public void setStsEndpoint(@Nullable String stsEndpoint) {
        this.stsEndpoint = stsEndpoint;
    }

    public boolean isVerifyIdentity() {
        return verifyIdentity;
    }

    public void setVerifyIdentity(boolean verifyIdentity) {
        this.verifyIdentity = verifyIdentity;
    }

    @Override
    public String toString() {
        return "CredentialsProperties[type=" + type.configName() + "]";
    }
}
