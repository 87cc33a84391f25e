package io.github.sigv4gateway.routing;

import io.github.sigv4gateway.answers.GatewayAnswer;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

/**
 * A request the gateway answers itself. Carries the status, a stable lower-case reason (used as the rejection
 * metric tag and in the marker header) and a message for the client that names what to change. Never a secret.
 */
public final class GatewayException extends RuntimeException {

    private final HttpStatus status;
    private final String reason;

    public GatewayException(HttpStatus status, String reason, String message) {
        super(message, null, false, false);
        this.status = status;
        this.reason = reason;
    }

    public HttpStatus status() {
        return status;
    }

    public String reason() {
        return reason;
    }

    /** The answer the client gets, naming {@code routeId} when a route had matched. */
    public GatewayAnswer answer(@Nullable String routeId) {
        return new GatewayAnswer(status, reason, getMessage(), routeId);
    }
}
