package io.github.sigv4gateway.resilience;

import java.net.InetSocketAddress;
import org.springframework.cloud.gateway.filter.ratelimit.KeyResolver;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import reactor.core.publisher.Mono;

/**
 * Support for SCG's resilience filters on signing routes: the circuit breaker's failures as gateway answers, and
 * the rate limiter's keys as beans a route names without code ({@code key-resolver: "#{@wholeRouteKeyResolver}"}).
 */
@Configuration(proxyBeanMethods = false)
public class ResilienceConfiguration {

    @Bean
    CircuitBreakerAnswers circuitBreakerAnswers() {
        return new CircuitBreakerAnswers();
    }

    /**
     * One budget per client address (the TCP peer: a sidecar's app, or a client pod behind a cluster Service);
     * primary, so it is {@code RequestRateLimiter}'s default instead of SCG's principal name, which is empty here
     * (SCG would then refuse every request with 403).
     */
    @Bean
    @Primary
    KeyResolver clientAddressKeyResolver() {
        return exchange -> {
            InetSocketAddress peer = exchange.getRequest().getRemoteAddress();
            return Mono.justOrEmpty(
                    peer == null || peer.getAddress() == null
                            ? null
                            : peer.getAddress().getHostAddress());
        };
    }

    /** One budget for the whole route, whoever calls: protects the function (its concurrency, its cost). */
    @Bean
    KeyResolver wholeRouteKeyResolver() {
        return exchange -> {
            Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
            return Mono.justOrEmpty(route == null ? null : route.getId());
        };
    }
}
