package io.github.sigv4gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.sigv4gateway.testsupport.LocalStackImage;
import io.github.sigv4gateway.testsupport.RunningGateway;
import java.net.InetAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.config.HttpClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.MountableFile;

/**
 * What {@code docker compose up} sets up, with Testcontainers: LocalStack (the compose file's pinned tag) runs the
 * compose init script, which creates the sample function and its {@code AWS_IAM} function URL; the gateway signs
 * for it and the function answers through it. Needs Docker (LocalStack also runs the function in a container of
 * its own): skipped cleanly where there is none.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackFunctionUrlIntegrationTests {

    private static final Path INIT_SCRIPT = Path.of("deploy/localstack/init/ready.d/10-function-url.sh");
    /** The function URL host the init script's {@code _custom_id_} fixes, as in docker-compose.yml. */
    private static final String FUNCTION_HOST = "hello.lambda-url.us-east-1.localhost.localstack.cloud";

    @Container
    static final LocalStackContainer localstack = new LocalStackContainer(LocalStackImage.PINNED)
            .withServices("lambda", "iam", "sts")
            .withCopyFileToContainer(
                    MountableFile.forHostPath(INIT_SCRIPT, 0755),
                    "/etc/localstack/init/ready.d/" + INIT_SCRIPT.getFileName())
            .withFileSystemBind("/var/run/docker.sock", "/var/run/docker.sock");

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void composeInitScript_functionUrl_answersThroughTheGateway() throws Exception {
        await().atMost(Duration.ofMinutes(4))
                .pollInterval(Duration.ofSeconds(2))
                .until(() -> localstack
                                .execInContainer(
                                        "awslocal", "lambda", "get-function-url-config", "--function-name", "hello")
                                .getExitCode()
                        == 0);

        try (RunningGateway gateway = RunningGateway.startWith(
                List.of(LocalStackHosts.class),
                "--sigv4-gateway.target=http://" + FUNCTION_HOST + ":" + localstack.getMappedPort(4566),
                "--sigv4-gateway.allowed-http-hosts=" + FUNCTION_HOST,
                "--sigv4-gateway.region=us-east-1",
                "--sigv4-gateway.service=lambda",
                "--sigv4-gateway.credentials.default.type=static",
                "--sigv4-gateway.credentials.default.access-key-id=" + localstack.getAccessKey(),
                "--sigv4-gateway.credentials.default.secret-access-key=" + localstack.getSecretKey())) {
            HttpResponse<String> answer = await().atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofSeconds(2))
                    .until(
                            () -> http.send(
                                    HttpRequest.newBuilder(gateway.uri("/")).build(),
                                    HttpResponse.BodyHandlers.ofString()),
                            response -> response.statusCode() == 200);
            assertThat(answer.body()).isEqualTo("Hello from lambda!");
        }
    }

    /**
     * Function URLs are routed by host name, which public DNS maps to 127.0.0.1; tests reach only the Docker host,
     * so the gateway's client resolves LocalStack's names to it directly, keeping the Host header (and signature).
     */
    @Configuration(proxyBeanMethods = false)
    static class LocalStackHosts {

        @Bean
        HttpClientCustomizer localStackHostsResolver() throws Exception {
            InetAddress dockerHost = InetAddress.getByName(localstack.getHost());
            return client -> client.resolver(spec -> spec.hostsFileEntriesResolver(
                    (host, types) -> host.endsWith(".localstack.cloud") ? dockerHost : null));
        }
    }
}
