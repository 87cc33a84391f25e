package io.github.sigv4gateway.routing;

import io.github.sigv4gateway.answers.GatewayAnswer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import reactor.core.publisher.Mono;

/** Writes a {@link GatewayAnswer} as the response of a routed exchange. */
public final class ExchangeAnswerWriter {

    private ExchangeAnswerWriter() {}

    /** Writes the answer unless the response is already committed (then only the connection can be closed). */
    public static Mono<Void> write(ServerHttpResponse response, GatewayAnswer answer) {
        return write(response, answer, headers -> {});
    }

    /** As {@link #write(ServerHttpResponse, GatewayAnswer)}, with headers of the answer's own (Allow, WWW-Authenticate). */
    public static Mono<Void> write(ServerHttpResponse response, GatewayAnswer answer, Consumer<HttpHeaders> extra) {
        if (response.isCommitted()) {
            return Mono.empty();
        }
        byte[] body = answer.json().getBytes(StandardCharsets.UTF_8);
        response.setStatusCode(answer.status());
        HttpHeaders headers = response.getHeaders();
        headers.clear();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.setContentLength(body.length);
        headers.set(GatewayAnswer.MARKER_HEADER, answer.reason());
        if (answer.leavesBodyUnread()) {
            headers.set(HttpHeaders.CONNECTION, "close");
        }
        if (answer.retryAfterSeconds() != null) {
            headers.set(HttpHeaders.RETRY_AFTER, answer.retryAfterSeconds());
        }
        extra.accept(headers);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }
}
