package io.github.sigv4gateway.inbound;

import io.github.sigv4gateway.answers.GatewayAnswer;
import io.github.sigv4gateway.config.GatewayRoute;
import io.github.sigv4gateway.config.RouteAccess;
import io.github.sigv4gateway.observability.GatewayMeters;
import io.github.sigv4gateway.observability.RequestRecord;
import io.github.sigv4gateway.routing.ExchangeAnswerWriter;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * One route's inbound checks, in order: who the client is and whether it may call the route (401/403), the method
 * (405 with {@code Allow}), then a place among the requests in flight (503 with {@code Retry-After}), held until the
 * answer is complete or the client gone. A refused request is answered here: it is never signed nor forwarded.
 */
final class RouteGuard {

    private static final Logger log = LoggerFactory.getLogger(RouteGuard.class);
    private static final long WARN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final String routeId;
    private final RouteAccess access;
    private final @Nullable ApiKeys keys;
    private final @Nullable ServiceAccountTokens tokens;
    private final @Nullable InFlightLimit inFlight;
    private final AuthFailures failures;
    private final AtomicLong lastKeysWarning = new AtomicLong(System.nanoTime() - WARN_INTERVAL_NANOS);

    RouteGuard(
            GatewayRoute route, @Nullable ApiKeys keys, @Nullable ServiceAccountTokens tokens, AuthFailures failures) {
        this.routeId = route.id();
        this.access = route.access();
        this.keys = keys;
        this.tokens = tokens != null && access.acceptsServiceAccounts() ? tokens : null;
        this.inFlight = access.maxConcurrent() > 0 ? new InFlightLimit(access.maxConcurrent()) : null;
        this.failures = failures;
    }

    Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        String token = tokens == null
                ? null
                : ServiceAccountTokens.presented(exchange.getRequest().getHeaders());
        if (tokens == null || token == null) {
            return admit(Admission.decide(routeId, access, keys, exchange.getRequest(), null, null), exchange, chain);
        }
        return tokens.subject(token)
                .map(account -> Admission.decide(routeId, access, keys, exchange.getRequest(), token, account))
                .switchIfEmpty(Mono.fromSupplier(
                        () -> Admission.decide(routeId, access, keys, exchange.getRequest(), token, null)))
                .onErrorResume(unavailable -> {
                    warnKeysUnavailable(unavailable);
                    return Mono.just(Admission.keysUnavailable(routeId));
                })
                .flatMap(admission -> admit(admission, exchange, chain));
    }

    /** Once per 10 s at most: while the issuer is unreachable every token request fails the same way. */
    private void warnKeysUnavailable(Throwable unavailable) {
        long now = System.nanoTime();
        long last = lastKeysWarning.get();
        if (now - last >= WARN_INTERVAL_NANOS && lastKeysWarning.compareAndSet(last, now)) {
            log.warn(
                    "Route '{}': the service-account issuer's keys cannot be fetched ({}); tokens get 503",
                    routeId,
                    unavailable.getClass().getSimpleName());
        }
    }

    private Mono<Void> admit(Admission admission, ServerWebExchange exchange, GatewayFilterChain chain) {
        RequestRecord record = RequestRecord.of(exchange);
        if (record != null) {
            record.client(admission.client(), admission.granted());
        }
        GatewayAnswer refusal = admission.refusal();
        if (refusal != null) {
            failures.count(routeId, refusal.reason());
            return refuse(exchange, refusal, headers -> challenge(headers, refusal.reason()));
        }
        String method = exchange.getRequest().getMethod().name();
        if (!access.methods().isEmpty() && !access.methods().contains(method)) {
            GatewayAnswer notAllowed = new GatewayAnswer(
                    HttpStatus.METHOD_NOT_ALLOWED,
                    "method-not-allowed",
                    "method " + method + " is not served on route '" + routeId + "' (allowed: "
                            + String.join(
                                    ", ", access.methods().stream().sorted().toList()) + ")",
                    routeId);
            return refuse(exchange, notAllowed, headers -> headers.set(HttpHeaders.ALLOW, allowHeader()));
        }
        InFlightLimit.Permit permit = null;
        if (inFlight != null) {
            permit = inFlight.tryAcquire();
            if (permit == null) {
                GatewayAnswer busy = new GatewayAnswer(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        GatewayAnswer.CONCURRENCY_LIMIT,
                        "route '" + routeId + "' already forwards its max-concurrent of " + access.maxConcurrent()
                                + " requests",
                        routeId);
                return refuse(exchange, busy, headers -> {});
            }
        }
        Mono<Void> forwarded = chain.filter(InboundFilter.withoutKeyHeader(exchange, keys));
        InFlightLimit.Permit held = permit;
        return held == null ? forwarded : forwarded.doFinally(signal -> held.release());
    }

    private String allowHeader() {
        return String.join(", ", access.methods().stream().sorted().toList());
    }

    /** RFC 9110 11.6.1: a 401 says how to authenticate; RFC 6750 3 for the bearer scheme. */
    private void challenge(HttpHeaders headers, String reason) {
        if (!reason.startsWith("api-key") && !reason.startsWith("token-")) {
            return;
        }
        boolean keyHeader = keys != null && !keys.bearer() && reason.startsWith("api-key");
        String scheme = keyHeader ? "ApiKey" : "Bearer";
        String header = keyHeader ? ", header=\"" + keys.header() + "\"" : "";
        String error = reason.endsWith("-invalid") ? ", error=\"invalid_token\"" : "";
        headers.set(HttpHeaders.WWW_AUTHENTICATE, scheme + " realm=\"sigv4-gateway\"" + header + error);
    }

    private static Mono<Void> refuse(ServerWebExchange exchange, GatewayAnswer answer, Consumer<HttpHeaders> extra) {
        GatewayMeters.tagRoute(exchange, answer.route() == null ? "-" : answer.route());
        RequestRecord record = RequestRecord.of(exchange);
        if (record != null) {
            record.rejected(answer.reason());
        }
        HttpHeaders request = exchange.getRequest().getHeaders();
        // The body is never read: a connection with one on its way cannot carry another request.
        boolean bodyUnread = request.getContentLength() > 0 || request.containsHeader(HttpHeaders.TRANSFER_ENCODING);
        return ExchangeAnswerWriter.write(exchange.getResponse(), answer, headers -> {
            extra.accept(headers);
            if (bodyUnread) {
                headers.set(HttpHeaders.CONNECTION, "close");
            }
        });
    }
}
