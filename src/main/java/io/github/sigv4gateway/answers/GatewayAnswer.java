package io.github.sigv4gateway.answers;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

/**
 * An answer the gateway makes itself instead of forwarding: the status, a stable lower-case reason (the marker
 * header's value and the rejection meter's tag), a message that tells the client what to change, and the route
 * when one had matched. Rendered as one small JSON body, never with a secret in it.
 *
 * @param status the HTTP status
 * @param reason stable lower-case reason, e.g. {@code body-too-large}
 * @param message for the client; names the route and the limit or field, never a secret
 * @param route the matched route's id, or {@code null} when the answer came before routing
 */
public record GatewayAnswer(
        HttpStatus status,
        String reason,
        String message,
        @Nullable String route) {

    /** Present on every answer the gateway makes itself; the value is {@link #reason()}. */
    public static final String MARKER_HEADER = "X-Sigv4-Gateway-Error";

    /** Reason of the answer to a body that would pass the gateway-wide body memory. */
    public static final String BODY_MEMORY_FULL = "body-memory-full";

    /** Reason of the answer to a request beyond a route's max-concurrent. */
    public static final String CONCURRENCY_LIMIT = "concurrency-limit";

    /** The same answer, naming {@code routeId}. */
    public GatewayAnswer onRoute(@Nullable String routeId) {
        return new GatewayAnswer(status, reason, message, routeId);
    }

    /** The JSON body: status, error, message, and route when there is one. */
    public String json() {
        return "{\"status\":" + status.value()
                + ",\"error\":\"" + escape(status.getReasonPhrase())
                + "\",\"message\":\"" + escape(message) + "\""
                + (route == null ? "" : ",\"route\":\"" + escape(route) + "\"") + "}";
    }

    /** The rest of the request's body is never read, so its connection cannot carry another request. */
    public boolean leavesBodyUnread() {
        return status == HttpStatus.CONTENT_TOO_LARGE || BODY_MEMORY_FULL.equals(reason);
    }

    /**
     * Seconds after which a retry may succeed, or {@code null}: memory frees as uploads in flight move on, and a
     * route's requests in flight finish.
     */
    public @Nullable String retryAfterSeconds() {
        return BODY_MEMORY_FULL.equals(reason) || CONCURRENCY_LIMIT.equals(reason) ? "1" : null;
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
