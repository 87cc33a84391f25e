package io.github.sigv4gateway.inbound;

import io.github.sigv4gateway.config.GatewayRoute;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.NettyWriteResponseFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Runs each of the gateway's routes' {@link RouteGuard} before anything else on the route (before signing, before
 * SCG's Retry or CircuitBreaker), and around the writing of the answer, so a request counts as in flight until its
 * answer is out. A key in a header of the operator's choice is taken off every request, so it never reaches a
 * function. Only present when an inbound feature is configured.
 */
public final class InboundFilter implements GlobalFilter, Ordered {

    /** Outside {@link NettyWriteResponseFilter}, which writes the function's answer once the chain completes. */
    public static final int ORDER = NettyWriteResponseFilter.WRITE_RESPONSE_FILTER_ORDER - 100;

    private final Map<String, RouteGuard> guards;
    private final @Nullable ApiKeys keys;

    InboundFilter(
            List<GatewayRoute> routes,
            @Nullable ApiKeys keys,
            @Nullable ServiceAccountTokens tokens,
            AuthFailures failures) {
        this.guards = routes.stream()
                .collect(Collectors.toUnmodifiableMap(
                        GatewayRoute::id, route -> new RouteGuard(route, keys, tokens, failures)));
        this.keys = keys;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        RouteGuard guard = route == null ? null : guards.get(route.getId());
        if (guard == null) {
            return chain.filter(withoutKeyHeader(exchange, keys));
        }
        return guard.filter(exchange, chain);
    }

    /** The exchange without the API key's own header (Authorization never travels anyway: it is replaced). */
    static ServerWebExchange withoutKeyHeader(ServerWebExchange exchange, @Nullable ApiKeys keys) {
        if (keys == null || keys.bearer() || !exchange.getRequest().getHeaders().containsHeader(keys.header())) {
            return exchange;
        }
        return exchange.mutate()
                .request(request -> request.headers(headers -> headers.remove(keys.header())))
                .build();
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
