package io.github.sigv4gateway.routing;

import io.github.sigv4gateway.observability.RequestRecord;
import io.netty.handler.codec.DecoderException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;

/**
 * Maps every failure on the proxy port to one of the gateway's JSON answers: 404 no route, 400 malformed,
 * 413 body too large, 502 or 504 for each way the target can fail ({@link UpstreamFailure}, response timeout),
 * 503 no credentials or no body memory left, 500 otherwise.
 * Logs a line without stack trace for server-side failures, once per burst of the same kind; messages never carry
 * secrets.
 */
public final class GatewayErrorHandler implements WebExceptionHandler, Ordered {

    private static final Logger log = LoggerFactory.getLogger(GatewayErrorHandler.class);

    private final BurstLog failures = new BurstLog(log, System::nanoTime);

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        String routeId = route == null ? null : route.getId();
        if (clientWentAway(exchange)) {
            // Nobody to answer, and nothing wrong upstream: not a 502 nor a gateway answer.
            RequestRecord left = RequestRecord.of(exchange);
            if (left != null) {
                left.clientLeft();
            }
            log.debug(
                    "{} {} on route '{}': client closed the connection ({})",
                    exchange.getRequest().getMethod(),
                    exchange.getRequest().getURI().getRawPath(),
                    routeId,
                    describe(failure));
            return Mono.empty();
        }
        GatewayException answer = classify(failure, routeId, exchange);
        RequestRecord record = RequestRecord.of(exchange);
        if (record != null) {
            record.rejected(answer.reason());
        }
        if (answer.status().is5xxServerError() && answer.status() != HttpStatus.SERVICE_UNAVAILABLE) {
            failures.warn(
                    routeId + "|" + answer.reason(),
                    "{} {} on route '{}': {} ({})",
                    exchange.getRequest().getMethod(),
                    exchange.getRequest().getURI().getRawPath(),
                    routeId,
                    answer.getMessage(),
                    describe(failure));
        }
        if (exchange.getResponse().isCommitted()) {
            // Part of the function's answer is out: only a closed connection tells the client it is incomplete.
            if (ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest()) instanceof Connection client) {
                client.channel().close();
            }
            return Mono.empty();
        }
        return ExchangeAnswerWriter.write(exchange.getResponse(), answer.answer(routeId));
    }

    /**
     * The client closed its connection before the answer was sent (it aborted, or gave up on its side). The
     * connection itself is asked: an upstream that closes early raises the same exception types.
     */
    static boolean clientWentAway(ServerWebExchange exchange) {
        Object connection = ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest());
        return connection instanceof Connection client && !client.channel().isActive();
    }

    private static GatewayException classify(Throwable failure, String routeId, ServerWebExchange exchange) {
        String on = routeId == null ? "" : " on route '" + routeId + "'";
        if (failure instanceof GatewayException g) {
            return g;
        }
        // NettyRoutingFilter keeps the function's answer once its head arrived; a failure after that cut it short.
        boolean answerStarted = exchange.getAttribute(ServerWebExchangeUtils.CLIENT_RESPONSE_ATTR) != null;
        UpstreamFailure upstream = UpstreamFailure.of(failure, answerStarted);
        if (upstream != null) {
            return upstream.answer(on);
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof GatewayException g) {
                return g;
            }
            if (t instanceof DecoderException) {
                // The body could not be decoded (server.RequestHeadGuard): never forwarded. Netty's own message
                // may quote the client's bytes, so it is not echoed.
                return new GatewayException(
                        HttpStatus.BAD_REQUEST,
                        "malformed-request",
                        "request body cannot be read" + on + ": its chunked framing or trailers are malformed");
            }
            if (t instanceof DataBufferLimitException) {
                return new GatewayException(
                        HttpStatus.CONTENT_TOO_LARGE, "body-too-large", "request body exceeds max-body-size" + on);
            }
            if (t instanceof TimeoutException || t instanceof io.netty.handler.timeout.ReadTimeoutException) {
                return timeout(on);
            }
            if (t instanceof ResponseStatusException rse) {
                return fromStatus(rse, on, exchange);
            }
            if (t == t.getCause()) {
                break;
            }
        }
        return new GatewayException(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "internal-error",
                "the gateway failed to handle the request" + on + "; see the gateway log");
    }

    private static GatewayException fromStatus(ResponseStatusException rse, String on, ServerWebExchange exchange) {
        int code = rse.getStatusCode().value();
        if (code == HttpStatus.GATEWAY_TIMEOUT.value()) {
            return timeout(on);
        }
        if (code == HttpStatus.NOT_FOUND.value()) {
            return new GatewayException(
                    HttpStatus.NOT_FOUND,
                    "no-route",
                    "no route matches path '" + exchange.getRequest().getURI().getRawPath() + "'");
        }
        if (rse instanceof ServerWebInputException || code == HttpStatus.BAD_REQUEST.value()) {
            return new GatewayException(HttpStatus.BAD_REQUEST, "malformed-request", "malformed request" + on);
        }
        HttpStatus status = HttpStatus.resolve(code);
        status = status == null ? HttpStatus.INTERNAL_SERVER_ERROR : status;
        return new GatewayException(status, "status-" + code, status.getReasonPhrase() + on);
    }

    private static GatewayException timeout(String on) {
        return new GatewayException(
                HttpStatus.GATEWAY_TIMEOUT,
                "upstream-timeout",
                "the target did not start answering within response-timeout" + on);
    }

    private static String describe(Throwable failure) {
        StringBuilder chain = new StringBuilder();
        for (Throwable t = failure; t != null && chain.length() < 300; t = t.getCause()) {
            if (!chain.isEmpty()) {
                chain.append(" <- ");
            }
            chain.append(t.getClass().getSimpleName());
            if (t.getCause() == t) {
                break;
            }
        }
        return chain.toString();
    }

    @Override
    public int getOrder() {
        // Before Spring Boot's default handler (-1), which would render a Whitelabel-style body.
        return -2;
    }
}
