package io.github.sigv4gateway.config;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Checks credentials entries before anything calls AWS: required keys per type, STS duration limits, session
 * names, sources that exist and do not loop, and GetSessionToken never fed temporary keys it cannot use.
 */
public final class CredentialsEntryValidator {

    static final Duration MIN_STS_DURATION = Duration.ofMinutes(15);
    static final Duration MAX_SESSION_TOKEN_DURATION = Duration.ofHours(36);
    static final Duration MAX_ASSUME_ROLE_DURATION = Duration.ofHours(12);
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]+");
    private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");

    private final Map<String, String> environment;

    /** @param environment process environment, for {@code AWS_ROLE_ARN} and {@code AWS_WEB_IDENTITY_TOKEN_FILE} */
    public CredentialsEntryValidator(Map<String, String> environment) {
        this.environment = environment;
    }

    /** Adds one problem per mistake in {@code all}. */
    public void validate(Map<String, CredentialsProperties> all, List<ConfigProblem> problems) {
        all.forEach((name, entry) -> validate(name, entry, all, problems));
    }

    private void validate(
            String name,
            CredentialsProperties entry,
            Map<String, CredentialsProperties> all,
            List<ConfigProblem> problems) {
        String prefix = "sigv4-gateway.credentials." + name;
        CredentialsType type = entry.getType();
        switch (type) {
            case STATIC -> {
                require(prefix + ".access-key-id", entry.getAccessKeyId(), type, problems);
                require(prefix + ".secret-access-key", entry.getSecretAccessKey(), type, problems);
            }
            case DEFAULT_CHAIN -> {}
            case SESSION_TOKEN -> {
                checkDuration(prefix, entry, MAX_SESSION_TOKEN_DURATION, problems);
                checkSessionTokenSource(prefix, entry, all, problems);
            }
            case ASSUME_ROLE -> {
                checkRoleArn(prefix, entry.getRoleArn(), false, problems);
                checkSessionName(prefix, entry.getSessionName(), problems);
                checkDuration(prefix, entry, MAX_ASSUME_ROLE_DURATION, problems);
            }
            case WEB_IDENTITY -> {
                checkRoleArn(prefix, entry.getRoleArn(), true, problems);
                checkSessionName(prefix, entry.getSessionName(), problems);
                if (isBlank(entry.getTokenFile()) && isBlank(environment.get("AWS_WEB_IDENTITY_TOKEN_FILE"))) {
                    problems.add(new ConfigProblem(
                            prefix + ".token-file",
                            null,
                            "required for type web-identity (or set AWS_WEB_IDENTITY_TOKEN_FILE)"));
                }
            }
        }
        if (type.isSts()) {
            checkSource(name, prefix, entry, all, problems);
            if (entry.getRefreshBeforeExpiry().isNegative()
                    || entry.getRefreshBeforeExpiry().isZero()) {
                problems.add(new ConfigProblem(
                        prefix + ".refresh-before-expiry",
                        entry.getRefreshBeforeExpiry().toString(),
                        "must be more than 0, e.g. 5m"));
            }
        } else if (entry.getSource() != null) {
            problems.add(new ConfigProblem(
                    prefix + ".source",
                    entry.getSource(),
                    "only the STS types (session-token, assume-role, web-identity) take a source"));
        }
        // Every type may call STS: GetCallerIdentity, to log which identity signs.
        UrlChecks.stsEndpoint(prefix + ".sts-endpoint", entry.getStsEndpoint(), problems);
    }

    private static void checkSource(
            String name,
            String prefix,
            CredentialsProperties entry,
            Map<String, CredentialsProperties> all,
            List<ConfigProblem> problems) {
        String source = entry.getSource();
        if (source == null) {
            return;
        }
        if (!all.containsKey(source)) {
            problems.add(new ConfigProblem(
                    prefix + ".source",
                    source,
                    "no such entry under sigv4-gateway.credentials (known: " + all.keySet() + ")"));
            return;
        }
        Set<String> seen = new HashSet<>();
        seen.add(name);
        for (String s = source; s != null; s = all.containsKey(s) ? all.get(s).getSource() : null) {
            if (!seen.add(s)) {
                problems.add(new ConfigProblem(prefix + ".source", source, "sources form a loop through '" + s + "'"));
                return;
            }
        }
    }

    private static void checkSessionTokenSource(
            String prefix,
            CredentialsProperties entry,
            Map<String, CredentialsProperties> all,
            List<ConfigProblem> problems) {
        CredentialsProperties source = entry.getSource() == null ? null : all.get(entry.getSource());
        if (source == null) {
            return;
        }
        boolean temporary = source.getType().isSts()
                || (source.getType() == CredentialsType.STATIC && !isBlank(source.getSessionToken()));
        if (temporary) {
            problems.add(new ConfigProblem(
                    prefix + ".source",
                    entry.getSource(),
                    "GetSessionToken needs long-term"
                            + " keys (an IAM user's), but this source gives temporary credentials"));
        }
    }

    private void checkRoleArn(
            String prefix, @Nullable String roleArn, boolean envFallback, List<ConfigProblem> problems) {
        String value = roleArn;
        if (isBlank(value) && envFallback) {
            value = environment.get("AWS_ROLE_ARN");
        }
        if (isBlank(value)) {
            problems.add(new ConfigProblem(
                    prefix + ".role-arn",
                    null,
                    envFallback
                            ? "required for type web-identity (or set AWS_ROLE_ARN)"
                            : "required for type assume-role, e.g. arn:aws:iam::123456789012:role/invoker"));
        } else if (!ROLE_ARN.matcher(value).matches()) {
            problems.add(new ConfigProblem(
                    prefix + ".role-arn",
                    value,
                    "not a role ARN; expected arn:aws:iam::<12-digit account>:role/<name>"));
        }
    }

    private static void checkSessionName(String prefix, @Nullable String sessionName, List<ConfigProblem> problems) {
        if (sessionName != null && !SESSION_NAME.matcher(sessionName).matches()) {
            problems.add(new ConfigProblem(
                    prefix + ".session-name", sessionName, "must be 2-64 characters of letters, digits and +=,.@_-"));
        }
    }

    private static void checkDuration(
            String prefix, CredentialsProperties entry, Duration max, List<ConfigProblem> problems) {
        Duration duration = entry.getDuration();
        if (duration != null && (duration.compareTo(MIN_STS_DURATION) < 0 || duration.compareTo(max) > 0)) {
            problems.add(new ConfigProblem(
                    prefix + ".duration",
                    duration.toString(),
                    "STS accepts 15m to " + max.toHours() + "h for type "
                            + entry.getType().configName()));
        }
    }

    private static void require(
            String key, @Nullable String value, CredentialsType type, List<ConfigProblem> problems) {
        if (isBlank(value)) {
            problems.add(new ConfigProblem(key, null, "required for type " + type.configName()));
        }
    }

    private static boolean isBlank(@Nullable String value) {
        return value == null || value.isBlank();
    }
}
