package io.github.sigv4gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CredentialsEntryValidatorTests {

    private final Map<String, CredentialsProperties> entries = new LinkedHashMap<>();

    private CredentialsProperties entry(String name, CredentialsType type) {
        CredentialsProperties entry = new CredentialsProperties();
        entry.setType(type);
        entries.put(name, entry);
        return entry;
    }

    private List<String> problems(Map<String, String> env) {
        List<ConfigProblem> problems = new ArrayList<>();
        new CredentialsEntryValidator(env).validate(entries, problems);
        return problems.stream().map(ConfigProblem::describe).toList();
    }

    @Test
    void validChain_userKeys_sessionToken_assumeRole_hasNoProblems() {
        CredentialsProperties user = entry("user", CredentialsType.STATIC);
        user.setAccessKeyId("AKIDEXAMPLE");
        user.setSecretAccessKey("secret");
        CredentialsProperties session = entry("session", CredentialsType.SESSION_TOKEN);
        session.setSource("user");
        session.setDuration(Duration.ofSeconds(900));
        CredentialsProperties role = entry("role", CredentialsType.ASSUME_ROLE);
        role.setSource("session");
        role.setRoleArn("arn:aws:iam::123456789012:role/invoker");
        role.setSessionName("gateway");
        assertThat(problems(Map.of())).isEmpty();
    }

    @Test
    void staticEntry_badStsEndpoint_isReported_becauseItAsksStsWhoItIs() {
        CredentialsProperties keys = entry("keys", CredentialsType.STATIC);
        keys.setAccessKeyId("AKIDEXAMPLE");
        keys.setSecretAccessKey("secret");
        keys.setStsEndpoint("sts.example");
        assertThat(problems(Map.of()))
                .containsExactly("sigv4-gateway.credentials.keys.sts-endpoint = 'sts.example':"
                        + " must be a URL such as https://sts.eu-west-1.amazonaws.com");
    }

    @Test
    void assumeRoleWithoutRoleArn_andBadValues_areReported() {
        CredentialsProperties role = entry("role", CredentialsType.ASSUME_ROLE);
        role.setSessionName("x".repeat(65));
        role.setDuration(Duration.ofHours(13));
        role.setSource("missing");
        role.setRefreshBeforeExpiry(Duration.ZERO);
        assertThat(problems(Map.of()))
                .containsExactlyInAnyOrder(
                        "sigv4-gateway.credentials.role.role-arn = (unset): required for type assume-role,"
                                + " e.g. arn:aws:iam::123456789012:role/invoker",
                        "sigv4-gateway.credentials.role.session-name = '" + "x".repeat(65)
                                + "': must be 2-64 characters of letters, digits and +=,.@_-",
                        "sigv4-gateway.credentials.role.duration = 'PT13H': STS accepts 15m to 12h for type assume-role",
                        "sigv4-gateway.credentials.role.source = 'missing': no such entry under sigv4-gateway.credentials"
                                + " (known: [role])",
                        "sigv4-gateway.credentials.role.refresh-before-expiry = 'PT0S': must be more than 0, e.g. 5m");
    }

    @Test
    void sessionTokenOnTemporarySource_isRefused() {
        CredentialsProperties temp = entry("temp", CredentialsType.STATIC);
        temp.setAccessKeyId("ASIDEXAMPLE");
        temp.setSecretAccessKey("secret");
        temp.setSessionToken("token");
        CredentialsProperties session = entry("session", CredentialsType.SESSION_TOKEN);
        session.setSource("temp");
        session.setDuration(Duration.ofMinutes(10));
        assertThat(problems(Map.of()))
                .containsExactlyInAnyOrder(
                        "sigv4-gateway.credentials.session.source = 'temp': GetSessionToken needs long-term keys (an IAM"
                                + " user's), but this source gives temporary credentials",
                        "sigv4-gateway.credentials.session.duration = 'PT10M': STS accepts 15m to 36h for type session-token");
    }

    @Test
    void sourceLoop_isRefused() {
        CredentialsProperties a = entry("a", CredentialsType.ASSUME_ROLE);
        a.setRoleArn("arn:aws:iam::123456789012:role/a");
        a.setSource("b");
        CredentialsProperties b = entry("b", CredentialsType.ASSUME_ROLE);
        b.setRoleArn("arn:aws:iam::123456789012:role/b");
        b.setSource("a");
        assertThat(problems(Map.of())).anySatisfy(p -> assertThat(p).contains("sources form a loop"));
    }

    @Test
    void webIdentity_takesRoleAndTokenFileFromTheEnvironment() {
        entry("irsa", CredentialsType.WEB_IDENTITY);
        assertThat(problems(Map.of()))
                .containsExactlyInAnyOrder(
                        "sigv4-gateway.credentials.irsa.role-arn = (unset): required for type web-identity (or set AWS_ROLE_ARN)",
                        "sigv4-gateway.credentials.irsa.token-file = (unset): required for type web-identity"
                                + " (or set AWS_WEB_IDENTITY_TOKEN_FILE)");
        assertThat(problems(Map.of(
                        "AWS_ROLE_ARN",
                        "arn:aws:iam::123456789012:role/irsa",
                        "AWS_WEB_IDENTITY_TOKEN_FILE",
                        "/var/run/secrets/token")))
                .isEmpty();
    }

    @Test
    void staticWithoutKeys_andSourceOnNonStsType_areReported() {
        CredentialsProperties keys = entry("keys", CredentialsType.STATIC);
        keys.setSource("other");
        assertThat(problems(Map.of()))
                .containsExactlyInAnyOrder(
                        "sigv4-gateway.credentials.keys.access-key-id = (unset): required for type static",
                        "sigv4-gateway.credentials.keys.secret-access-key = (unset): required for type static",
                        "sigv4-gateway.credentials.keys.source = 'other': only the STS types (session-token, assume-role,"
                                + " web-identity) take a source");
    }
}
