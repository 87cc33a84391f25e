package io.github.sigv4gateway.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sigv4gateway.emulator.CredentialStore;
import io.github.sigv4gateway.emulator.FunctionUrlEmulator;
import io.github.sigv4gateway.emulator.PolicyModel;
import io.github.sigv4gateway.emulator.RecordedRequest;
import io.github.sigv4gateway.testsupport.MotoIam;
import io.github.sigv4gateway.testsupport.MotoServer;
import io.github.sigv4gateway.testsupport.RunningGateway;
import io.github.sigv4gateway.testsupport.StsTap;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * The AWS walkthrough users follow by hand, as a test: an IAM user without permission gets AWS's 403 through the
 * gateway; an identity policy, or a resource policy naming the user, gives 200; and GetSessionToken credentials
 * (900 s, from the user's keys, issued by a real STS peer) give 200 with {@code x-amz-security-token}.
 */
class WalkthroughIntegrationTests {

    private static final String FUNCTION = FunctionUrlEmulator.DEFAULT_FUNCTION_ARN;
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void walkthrough_forbiddenThenIdentityPolicyThenResourcePolicyThenSessionToken() throws Exception {
        try (MotoServer moto = MotoServer.start(true);
                MotoIam iam = new MotoIam(moto);
                StsTap sts = new StsTap(moto.endpoint())) {
            MotoIam.User user = iam.user("walkthrough", "sts:GetSessionToken");
            CredentialStore keys = new CredentialStore().add(user.accessKeyId(), user.secretAccessKey(), user.arn());
            // Temporary keys from GetSessionToken act as the user who asked for them.
            sts.onIssued(issued -> keys.addTemporary(
                    issued.accessKeyId(),
                    issued.secretAccessKey(),
                    issued.sessionToken(),
                    keys.principalOf(issued.callerAccessKeyId()).orElse("unknown")));
            PolicyModel policy = PolicyModel.denyByDefault();
            try (FunctionUrlEmulator function = FunctionUrlEmulator.builder()
                            .credentials(keys)
                            .policy(policy)
                            .start();
                    RunningGateway userKeys = RunningGateway.start(
                            "--sigv4-gateway.target=" + function.baseUri(),
                            "--sigv4-gateway.region=us-east-1",
                            "--sigv4-gateway.service=lambda",
                            "--sigv4-gateway.credentials.default.type=static",
                            "--sigv4-gateway.credentials.default.access-key-id=" + user.accessKeyId(),
                            "--sigv4-gateway.credentials.default.secret-access-key=" + user.secretAccessKey())) {

                HttpResponse<String> denied = get(userKeys);
                assertThat(denied.statusCode()).isEqualTo(403);
                assertThat(denied.body()).isEqualTo("{\"Message\":\"Forbidden\"}");
                assertThat(function.lastRequest().verification().valid())
                        .as("signed right, just not allowed")
                        .isTrue();

                policy.allowIdentity(user.arn(), "lambda:InvokeFunctionUrl", FUNCTION);
                assertThat(get(userKeys).statusCode()).isEqualTo(200);

                policy.removeIdentity(user.arn(), "lambda:InvokeFunctionUrl", FUNCTION);
                assertThat(get(userKeys).statusCode()).isEqualTo(403);
                policy.allowResource(user.arn(), "lambda:InvokeFunctionUrl");
                HttpResponse<String> resourcePolicy = get(userKeys);
                assertThat(resourcePolicy.statusCode()).isEqualTo(200);
                assertThat(resourcePolicy.body()).contains("\"principal\":\"" + user.arn() + "\"");

                try (RunningGateway sessionToken = RunningGateway.start(
                        "--sigv4-gateway.target=" + function.baseUri(),
                        "--sigv4-gateway.region=us-east-1",
                        "--sigv4-gateway.service=lambda",
                        "--sigv4-gateway.credentials.user.type=static",
                        "--sigv4-gateway.credentials.user.access-key-id=" + user.accessKeyId(),
                        "--sigv4-gateway.credentials.user.secret-access-key=" + user.secretAccessKey(),
                        "--sigv4-gateway.credentials.default.type=session-token",
                        "--sigv4-gateway.credentials.default.source=user",
                        "--sigv4-gateway.credentials.default.duration=900s",
                        "--sigv4-gateway.credentials.default.sts-endpoint=" + sts.endpoint())) {
                    HttpResponse<String> temporary = get(sessionToken);
                    assertThat(temporary.statusCode()).isEqualTo(200);
                    RecordedRequest received = function.lastRequest();
                    StsTap.Issued issued = sts.issued().getFirst();
                    assertThat(received.header("x-amz-security-token")).isEqualTo(issued.sessionToken());
                    assertThat(received.header("authorization"))
                            .contains("Credential=" + issued.accessKeyId() + "/")
                            .contains("x-amz-security-token");
                    assertThat(received.verification().principal()).isEqualTo(user.arn());
                }
            }
        }
    }

    private HttpResponse<String> get(RunningGateway gateway) throws Exception {
        return http.send(HttpRequest.newBuilder(gateway.uri("/")).build(), HttpResponse.BodyHandlers.ofString());
    }
}
