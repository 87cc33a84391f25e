package io.github.sigv4gateway.config;

/** Where a credentials entry gets its keys from; the config value is the kebab-case name. */
public enum CredentialsType {
    /** The SDK default provider chain: env, profile, web identity, container / Pod Identity, IMDS. */
    DEFAULT_CHAIN,
    /** Fixed keys from configuration (env vars or secret files). */
    STATIC,
    /** STS GetSessionToken with the long-term keys of another entry. */
    SESSION_TOKEN,
    /** STS AssumeRole on top of another entry. */
    ASSUME_ROLE,
    /** STS AssumeRoleWithWebIdentity with a token file re-read at each refresh. */
    WEB_IDENTITY;

    /** Whether the entry's keys come from STS (and so expire and are refreshed). */
    public boolean isSts() {
        return this == SESSION_TOKEN || this == ASSUME_ROLE || this == WEB_IDENTITY;
    }

    /** The spelling used in configuration, e.g. {@code default-chain}. */
    public String configName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
