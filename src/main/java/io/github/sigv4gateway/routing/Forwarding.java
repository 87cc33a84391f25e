package io.github.sigv4gateway.routing;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.CLIENT_RESPONSE_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.CLIENT_RESPONSE_CONN_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.PRESERVE_HOST_HEADER_ATTRIBUTE;

import io.github.sigv4gateway.config.RetrySettings;
import io.github.sigv4gateway.observability.GatewayMeters;
import io.github.sigv4gateway.signing.ClockSkew;
import io.github.sigv4gateway.upstream.FreshConnectionOnRetry;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;

/**
 * One request's way to the function: signed, sent, and signed afresh and sent again when a failure allows it (a
 * new {@code x-amz-date}, the buffered body re-sent). Sent again: a request refused for clock skew, once; a request
 * whose connection failed before any answer byte, up to the route's {@code retries}, if the request never left or
 * its method is idempotent, on a new connection (the pool's other idle ones may be as dead); an answer status the
 * route lists in {@code retry-on}. Retries are jittered, counted and
 * held to the route's {@link RetryBudget}.
 */
final class Forwarding {

    /** RFC 9110 9.2.2; POST and PATCH may have run on the function when the connection broke. */
    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE");

    private static final Duration MAX_BACKOFF = Duration.ofSeconds(1);

    private final SigningRoute route;
    private final RequestSigning signing;
    private final ClockSkew skew;
    private final GatewayMeters meters;
    private final RetryBudget budget;

    Forwarding(SigningRoute route, RequestSigning signing, ClockSkew skew, GatewayMeters meters) {
        this.route = route;
        this.signing = signing;
        this.skew = skew;
        this.meters = meters;
        this.budget = new RetryBudget(route.retry().budgetPercent(), System::nanoTime);
    }

    /** Sends the request signed for {@code destination}, with {@code body}, again when allowed. */
    Mono<Void> send(
            ServerWebExchange exchange,
            GatewayFilterChain chain,
            SigningRoute.Destination destination,
            ReplayableBody body) {
        budget.recordRequest();
        return attempt(new Request(exchange, chain, destination, body), 0, false, false);
    }

    /** What stays the same across the attempts of one request. */
    private record Request(
            ServerWebExchange exchange,
            GatewayFilterChain chain,
            SigningRoute.Destination destination,
            ReplayableBody body) {}

    /** Why and when to send again, and whether on a connection of its own (the last one broke). */
    private record Again(String reason, Duration delay, boolean forSkew, boolean freshConnection) {}

    private Mono<Void> attempt(Request request, int retries, boolean skewRetried, boolean freshConnection) {
        Duration signedWith = skew.offset();
        SignedRequest signed;
        try {
            signed = signing.sign(request.exchange(), request.destination(), request.body());
        } catch (GatewayException e) {
            return Mono.error(e);
        }
        ServerWebExchange exchange = request.exchange();
        exchange.getAttributes().put(GATEWAY_REQUEST_URL_ATTR, signed.getURI());
        exchange.getAttributes().put(PRESERVE_HOST_HEADER_ATTRIBUTE, true);
        // Netty releases the view it sent; this covers a view never handed over.
        Mono<Void> sent =
                request.chain().filter(exchange.mutate().request(signed).build());
        return (freshConnection ? FreshConnectionOnRetry.onFreshConnection(sent) : sent)
                .doFinally(signal -> signed.releaseUnlessSent())
                .then(Mono.fromCallable(() -> afterAnswer(exchange, retries, skewRetried, signedWith)))
                .onErrorResume(failure -> {
                    Again again = afterFailure(exchange, failure, retries);
                    return again == null ? Mono.error(failure) : Mono.just(again);
                })
                .flatMap(again -> sendAgain(request, again, retries, skewRetried));
    }

    private @Nullable Again afterAnswer(
            ServerWebExchange exchange, int retries, boolean skewRetried, Duration signedWith) {
        ServerHttpResponse response = exchange.getResponse();
        HttpStatusCode status = response.getStatusCode();
        int code = status == null ? 0 : status.value();
        boolean refused = code == 401 || code == 403;
        if (refused || !skew.offset().isZero()) {
            Instant date = RetryAfter.date(response.getHeaders().getFirst(HttpHeaders.DATE));
            if (date != null && refused && !skewRetried && skew.refusedForSkew(date, signedWith)) {
                return new Again("clock-skew", Duration.ZERO, true, false);
            } else if (date != null) {
                skew.correctToward(date);
            }
        }
        RetrySettings retry = route.retry();
        if (!retry.retryOn().contains(code) || retries >= retry.retries()) {
            return null;
        }
        Duration asked = RetryAfter.wait(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER), Instant.now());
        if (asked == null || asked.compareTo(retry.retryAfterMax()) > 0) {
            // The function asks for longer than the route waits: the client gets the answer and decides.
            return null;
        }
        String reason = "status-" + code;
        return withinBudget(reason) ? new Again(reason, max(asked, backoff(retries)), false, false) : null;
    }

    private @Nullable Again afterFailure(ServerWebExchange exchange, Throwable failure, int retries) {
        if (retries >= route.retry().retries() || GatewayErrorHandler.clientWentAway(exchange)) {
            return null;
        }
        UpstreamFailure kind = UpstreamFailure.of(failure);
        if (kind == null || !kind.transientFailure()) {
            return null;
        }
        boolean idempotent =
                IDEMPOTENT.contains(exchange.getRequest().getMethod().name());
        if (!kind.requestNeverLeft() && !idempotent && !route.retry().nonIdempotent()) {
            return null;
        }
        return withinBudget(kind.reason()) ? new Again(kind.reason(), backoff(retries), false, true) : null;
    }

    private boolean withinBudget(String reason) {
        if (budget.tryRetry()) {
            return true;
        }
        meters.retry(route.id(), reason, false);
        return false;
    }

    private Mono<Void> sendAgain(Request request, Again again, int retries, boolean skewRetried) {
        meters.retry(route.id(), again.reason(), true);
        discardAnswer(request.exchange());
        Mono<Void> next = Mono.defer(() -> attempt(
                request,
                again.forSkew() ? retries : retries + 1,
                skewRetried || again.forSkew(),
                again.freshConnection()));
        return again.delay().isZero()
                ? next
                : after(request.exchange(), again.delay()).then(next);
    }

    /** Drops what a previous attempt left on the exchange, as SCG's own Retry filter does. */
    private static void discardAnswer(ServerWebExchange exchange) {
        Connection connection =
                exchange.getAttributes().remove(CLIENT_RESPONSE_CONN_ATTR) instanceof Connection c ? c : null;
        if (connection != null) {
            connection.dispose();
        }
        exchange.getAttributes().remove(CLIENT_RESPONSE_ATTR);
        ServerWebExchangeUtils.reset(exchange);
    }

    /**
     * An exponential backoff capped at a second (or at the route's first wait, when that is longer), each wait drawn
     * between half and all of it (jitter).
     */
    private Duration backoff(int retries) {
        long first = route.retry().backoff().toMillis();
        long base = first << Math.min(retries, 10);
        long cap = Math.min(base, Math.max(first, MAX_BACKOFF.toMillis()));
        return cap <= 0
                ? Duration.ZERO
                : Duration.ofMillis(ThreadLocalRandom.current().nextLong(cap / 2, cap + 1));
    }

    /** Waits on the client connection's own event loop, so the retry stays on the thread that serves it. */
    private static Mono<Void> after(ServerWebExchange exchange, Duration delay) {
        if (ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest()) instanceof Connection client) {
            return Mono.create(sink -> {
                var timer = client.channel()
                        .eventLoop()
                        .schedule(() -> sink.success(), delay.toNanos(), TimeUnit.NANOSECONDS);
                sink.onCancel(() -> timer.cancel(false));
            });
        }
        return Mono.delay(delay).then();
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
