package io.github.sigv4gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sigv4gateway.testsupport.MotoServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** A new user's first command: the embedded default starts, answers through the signed path, and shows a 403. */
class QuickStartIntegrationTests {

    @Test
    void quickStart_answersHelloThroughTheSignedPath_andShowsAwsForbidden() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        try (ConfigurableApplicationContext context =
                QuickStart.start(MotoServer.freePort(), "--server.port=0", "--management.server.port=0")) {
            String port = context.getEnvironment().getRequiredProperty("local.server.port");
            HttpResponse<String> hello = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hello?name=world"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(hello.statusCode()).isEqualTo(200);
            assertThat(hello.body())
                    .contains("\"message\":\"Hello from lambda!\"")
                    .contains("\"principal\":\"" + QuickStart.DEMO_USER + "\"")
                    .doesNotContain(QuickStart.DEMO_SECRET)
                    .doesNotContainPattern("Signature=[0-9a-f]{64}");

            HttpResponse<String> denied = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/denied/anything"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(denied.statusCode()).isEqualTo(403);
            assertThat(denied.body()).isEqualTo("{\"Message\":\"Forbidden\"}");
            assertThat(denied.headers().firstValue("x-amzn-ErrorType")).contains("AccessDeniedException");
        }
    }
}
