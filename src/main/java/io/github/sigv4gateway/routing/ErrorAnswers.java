package io.github.sigv4gateway.routing;

import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import reactor.core.publisher.Mono;

/**
 * The one place that writes the gateway's own answers: a small JSON body ({@code status}, {@code error},
 * {@code message}, {@code route}) and the marker header, so a client can tell them from the function's answers.
 */
public final class ErrorAnswers {

    /** Present on every answer the gateway makes itself; the value is the rejection reason. */
    public static final String MARKER_HEADER = "X-Sigv4-Gateway-Error";

    private ErrorAnswers() {
    }

    /** The JSON body for an answer; {@code route} is left out when no route was matched. */
    public static String json(HttpStatus status, String message, @Nullable String route) {
        return "{\"status\":" + status.value()
                + ",\"error\":\"" + escape(status.getReasonPhrase())
                + "\",\"message\":\"" + escape(message) + "\""
                + (route == null ? "" : ",\"route\":\"" + escape(route) + "\"") + "}";
    }

    /** Writes the answer unless the response is already committed (then only the connection can be closed). */
    public static Mono<Void> write(ServerHttpResponse response, HttpStatus status, String reason, String message,
            @Nullable String route) {
        if (response.isCommitted()) {
            return Mono.empty();
        }
        byte[] body = json(status, message, route).getBytes(StandardCharsets.UTF_8);
        response.setStatusCode(status);
        response.getHeaders().clear();
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        response.getHeaders().setContentLength(body.length);
        response.getHeaders().set(MARKER_HEADER, reason);
        if (status == HttpStatus.CONTENT_TOO_LARGE || BodyMemory.FULL.equals(reason)) {
            // The rest of the body is never read, so the connection cannot carry another request.
            response.getHeaders().set("Connection", "close");
        }
        if (BodyMemory.FULL.equals(reason)) {
            // Memory frees as the uploads in flight are sent on: usually within a second.
            response.getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
        }
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
