package io.github.sigv4gateway.routing;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.RouteToRequestUrlFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Spring Cloud Gateway's {@link RouteToRequestUrlFilter}, except on the gateway's own routes (those with a
 * {@code target}), whose {@link SigV4GatewayFilter} builds the outgoing URL from the target itself. SCG's filter
 * re-parses and re-encodes every request's URL (a {@code UriComponentsBuilder}, its query regex, a new
 * {@code URI}) for a URL the SigV4 filter then replaces.
 * Routes defined the SCG way (with the {@code SigV4} filter) still get SCG's computation: their filter signs the
 * URL it produced. Registered in place of SCG's filter, which application.yaml switches off.
 */
public final class FixedTargetRouteToRequestUrlFilter extends RouteToRequestUrlFilter {

    /** Route metadata key marking a route whose SigV4 filter sends to its own fixed target. */
    public static final String FIXED_TARGET = "sigv4-gateway.fixed-target";

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        Route route = exchange.getAttribute(GATEWAY_ROUTE_ATTR);
        if (route != null && Boolean.TRUE.equals(route.getMetadata().get(FIXED_TARGET))) {
            return chain.filter(exchange);
        }
        return super.filter(exchange, chain);
    }
}
