package io.github.sigv4gateway.resilience;

import io.github.sigv4gateway.routing.GatewayException;
import org.jspecify.annotations.Nullable;
import org.springframework.cloud.gateway.filter.factory.SpringCloudCircuitBreakerFilterFactory.CircuitBreakerStatusCodeException;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.cloud.gateway.support.ServiceUnavailableException;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * Turns the two failures of SCG's {@code CircuitBreaker} filter (without a {@code fallbackUri}) into the gateway's
 * own answers, which {@code routing.GatewayErrorHandler} renders next: they are neither
 * {@code ResponseStatusException}s nor upstream errors, so they would otherwise become 500 {@code internal-error}.
 * An open breaker gives 503 {@code circuit-open}; a status listed in the filter's {@code statusCodes} gives that
 * status with reason {@code upstream-status} (the function's own answer is not forwarded once counted a failure).
 */
public final class CircuitBreakerAnswers implements WebExceptionHandler, Ordered {

    public static final String CIRCUIT_OPEN = "circuit-open";
    public static final String UPSTREAM_STATUS = "upstream-status";

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
        GatewayException answer = translate(failure, exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR));
        return Mono.error(answer != null ? answer : failure);
    }

    static @Nullable GatewayException translate(Throwable failure, @Nullable Route route) {
        String on = route == null ? "" : " on route '" + route.getId() + "'";
        if (failure instanceof ServiceUnavailableException) {
            // SCG's Resilience4j filter raises it for CallNotPermittedException: the breaker is open.
            return new GatewayException(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    CIRCUIT_OPEN,
                    "the circuit breaker" + on + " is open after repeated upstream failures; the upstream is not"
                            + " called until it lets a trial request through");
        }
        if (failure instanceof CircuitBreakerStatusCodeException counted) {
            HttpStatus status = HttpStatus.resolve(counted.getStatusCode().value());
            return new GatewayException(
                    status == null ? HttpStatus.BAD_GATEWAY : status,
                    UPSTREAM_STATUS,
                    "the upstream answered " + counted.getStatusCode().value() + on
                            + ", a status the route's circuit breaker counts as a failure");
        }
        return null;
    }

    @Override
    public int getOrder() {
        // Before routing.GatewayErrorHandler (-2), which renders what this hands on.
        return -3;
    }
}
