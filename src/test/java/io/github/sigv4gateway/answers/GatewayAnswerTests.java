package io.github.sigv4gateway.answers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class GatewayAnswerTests {

    @Test
    void json_withRoute_namesIt() {
        GatewayAnswer answer = new GatewayAnswer(
                HttpStatus.CONTENT_TOO_LARGE,
                "body-too-large",
                "request body exceeds max-body-size of route 'orders' (1024 bytes)",
                "orders");

        assertThat(answer.json())
                .isEqualTo("{\"status\":413,\"error\":\"Content Too Large\",\"message\":\"request"
                        + " body exceeds max-body-size of route 'orders' (1024 bytes)\",\"route\":\"orders\"}");
        assertThat(answer.leavesBodyUnread()).isTrue();
        assertThat(answer.retryAfterSeconds()).isNull();
    }

    @Test
    void json_beforeRouting_leavesRouteOut() {
        GatewayAnswer answer = new GatewayAnswer(
                HttpStatus.METHOD_NOT_ALLOWED, "connect-not-supported", "CONNECT is not supported", null);

        assertThat(answer.json())
                .isEqualTo(
                        "{\"status\":405,\"error\":\"Method Not Allowed\",\"message\":\"CONNECT is not supported\"}");
        assertThat(answer.onRoute("r").json()).endsWith(",\"route\":\"r\"}");
    }

    @Test
    void json_escapesQuotesBackslashesAndControlCharacters() {
        GatewayAnswer answer = new GatewayAnswer(
                HttpStatus.BAD_REQUEST, "malformed-target", "path '/a\"b\\c\n\u0001' cannot be forwarded", null);

        assertThat(answer.json()).contains("path '/a\\\"b\\\\c\\n\\u0001' cannot be forwarded");
    }

    @Test
    void bodyMemoryFull_asksForARetryAndClosesTheConnection() {
        GatewayAnswer answer =
                new GatewayAnswer(HttpStatus.SERVICE_UNAVAILABLE, GatewayAnswer.BODY_MEMORY_FULL, "full", "r");

        assertThat(answer.retryAfterSeconds()).isEqualTo("1");
        assertThat(answer.leavesBodyUnread()).isTrue();
    }
}
