package io.github.sigv4gateway.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sigv4gateway.emulator.CredentialStore;
import io.github.sigv4gateway.emulator.FunctionUrlEmulator;
import io.github.sigv4gateway.testsupport.LocalStackImage;
import io.github.sigv4gateway.testsupport.RunningGateway;
import io.github.sigv4gateway.testsupport.StsTap;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;

/**
 * GetSessionToken and AssumeRole against LocalStack's STS, with every request through the gateway verified by
 * the emulator against the credentials LocalStack issued. Needs Docker: skipped cleanly where there is none.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackStsIntegrationTests {

    @Container
    static final LocalStackContainer localstack =
            new LocalStackContainer(LocalStackImage.PINNED).withServices("sts", "iam");

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void getSessionToken_andAssumeRole_signRequestsTheFunctionUrlAccepts() throws Exception {
        try (StsTap sts = new StsTap(localstack.getEndpoint())) {
            CredentialStore keys = new CredentialStore();
            sts.onIssued(issued -> keys.addTemporary(
                    issued.accessKeyId(),
                    issued.secretAccessKey(),
                    issued.sessionToken(),
                    "arn:aws:iam::000000000000:user/localstack"));
            try (FunctionUrlEmulator function =
                            FunctionUrlEmulator.builder().credentials(keys).start();
                    RunningGateway gateway = RunningGateway.start(
                            "--sigv4-gateway.target=" + function.baseUri(),
                            "--sigv4-gateway.region=us-east-1",
                            "--sigv4-gateway.service=lambda",
                            "--sigv4-gateway.credentials.user.type=static",
                            "--sigv4-gateway.credentials.user.access-key-id=" + localstack.getAccessKey(),
                            "--sigv4-gateway.credentials.user.secret-access-key=" + localstack.getSecretKey(),
                            "--sigv4-gateway.credentials.session.type=session-token",
                            "--sigv4-gateway.credentials.session.source=user",
                            "--sigv4-gateway.credentials.session.sts-endpoint=" + sts.endpoint(),
                            "--sigv4-gateway.credentials.default.type=assume-role",
                            "--sigv4-gateway.credentials.default.source=session",
                            "--sigv4-gateway.credentials.default.role-arn=arn:aws:iam::000000000000:role/invoker",
                            "--sigv4-gateway.credentials.default.sts-endpoint=" + sts.endpoint(),
                            "--sigv4-gateway.routes[0].path=/session/**",
                            "--sigv4-gateway.routes[0].strip-prefix=1",
                            "--sigv4-gateway.routes[0].target=" + function.baseUri(),
                            "--sigv4-gateway.routes[0].region=us-east-1",
                            "--sigv4-gateway.routes[0].service=lambda",
                            "--sigv4-gateway.routes[0].credentials=session")) {

                assertThat(sts.calls("GetSessionToken")).isEqualTo(1);
                assertThat(sts.calls("AssumeRole")).isEqualTo(1);
                for (String path : new String[] {"/session/hello", "/hello"}) {
                    HttpResponse<String> response = http.send(
                            HttpRequest.newBuilder(gateway.uri(path)).build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(response.statusCode()).as(path).isEqualTo(200);
                    assertThat(function.lastRequest().header("x-amz-security-token"))
                            .isNotBlank();
                }
            }
        }
    }
}
