package io.github.sigv4gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.http.HttpMethod;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

class FixedTargetRouteToRequestUrlFilterTests {

    private final FixedTargetRouteToRequestUrlFilter filter = new FixedTargetRouteToRequestUrlFilter();
    private final List<ServerWebExchange> passedOn = new ArrayList<>();
    private final GatewayFilterChain chain = exchange -> {
        passedOn.add(exchange);
        return Mono.empty();
    };

    @Test
    void routeWithATarget_isPassedOn_withoutAComputedUrl() {
        ServerWebExchange exchange = exchangeOn(route("default", true));
        filter.filter(exchange, chain).block();
        assertThat(passedOn).containsExactly(exchange);
        assertThat(exchange.getAttributes()).doesNotContainKey(GATEWAY_REQUEST_URL_ATTR);
    }

    @Test
    void scgRoute_getsTheUrlScgComputes_requestPathAndQueryOnTheRoutesHost() {
        ServerWebExchange exchange = exchangeOn(route("scg-route", false));
        filter.filter(exchange, chain).block();
        assertThat(passedOn).containsExactly(exchange);
        assertThat((URI) exchange.getAttribute(GATEWAY_REQUEST_URL_ATTR))
                .isEqualTo(URI.create("https://fn.example:8443/orders/a%2Fb?x=%3D1&y"));
        assertThat(filter.getOrder())
                .isEqualTo(org.springframework.cloud.gateway.filter.RouteToRequestUrlFilter.ROUTE_TO_URL_FILTER_ORDER);
    }

    private static ServerWebExchange exchangeOn(Route route) {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.method(
                        HttpMethod.GET, URI.create("http://gateway.local:8080/orders/a%2Fb?x=%3D1&y"))
                .build());
        exchange.getAttributes().put(GATEWAY_ROUTE_ATTR, route);
        return exchange;
    }

    private static Route route(String id, boolean fixedTarget) {
        Route.AsyncBuilder builder =
                Route.async().id(id).uri("https://fn.example:8443").predicate(exchange -> true);
        if (fixedTarget) {
            builder.metadata(FixedTargetRouteToRequestUrlFilter.FIXED_TARGET, true);
        }
        return builder.build();
    }
}
