package io.github.sigv4gateway.routing;

import io.github.sigv4gateway.config.GatewayProperties;
import io.github.sigv4gateway.config.GatewayRoute;
import io.github.sigv4gateway.credentials.CredentialsRegistry;
import io.github.sigv4gateway.observability.GatewayMeters;
import io.github.sigv4gateway.signing.ClockSkew;
import io.github.sigv4gateway.signing.RequestSigner;
import io.netty.util.internal.PlatformDependent;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.filter.headers.RemoveHopByHopHeadersFilter;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

/**
 * The request path: the signer, the gateway's routes with their SigV4 filter, the {@code SigV4} filter factory for
 * standard SCG routes, the body memory budget, the error answers, and the two SCG filters replaced by copy-free
 * ones. The signer, the filter factory and the error handler yield to a user's own beans.
 */
@Configuration(proxyBeanMethods = false)
public class RoutingConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RoutingConfiguration.class);

    /** The signing clock: the local one, plus the offset learned when AWS refuses a request for clock skew. */
    @Bean
    ClockSkew clockSkew(Clock clock, GatewayMeters meters) {
        ClockSkew skew = new ClockSkew(clock);
        meters.clockSkew(skew::offset);
        return skew;
    }

    @Bean
    @ConditionalOnMissingBean
    RequestSigner requestSigner(ClockSkew clockSkew) {
        return new RequestSigner(clockSkew);
    }

    /**
     * Bodies are read into Netty's direct memory; by default they may take half of it, so that responses and
     * bodiless requests keep the other half when many large uploads arrive at once.
     */
    @Bean
    BodyMemoryBudget bodyMemory(GatewayProperties properties, List<GatewayRoute> gatewayRoutes, GatewayMeters meters) {
        DataSize configured = properties.getServer().getMaxBufferedBodyMemory();
        long limit = configured != null
                ? configured.toBytes()
                : Math.max(
                        PlatformDependent.maxDirectMemory() / 2,
                        gatewayRoutes.stream()
                                .mapToLong(GatewayRoute::maxBodySize)
                                .max()
                                .orElse(0));
        BodyMemoryBudget memory = new BodyMemoryBudget(limit);
        meters.bodyMemory(memory::held, memory.limit());
        log.info(
                "Request bodies held at once: up to {} bytes, all routes together ({})",
                limit,
                configured != null ? BodyMemoryBudget.PROPERTY : "half of Netty's direct memory");
        return memory;
    }

    @Bean
    RouteLocator sigv4Routes(
            GatewayProperties properties,
            RouteLocatorBuilder builder,
            List<GatewayRoute> gatewayRoutes,
            CredentialsRegistry credentials,
            RequestSigner signer,
            ClockSkew skew,
            GatewayMeters meters,
            BodyMemoryBudget bodyMemory,
            HttpClientProperties httpClient) {
        return GatewayRoutes.locator(
                properties.getTuning().isFixedTargetUrls(),
                builder,
                gatewayRoutes,
                credentials,
                signer,
                skew,
                meters,
                bodyMemory,
                httpClient.getConnectTimeout());
    }

    @Bean
    @ConditionalOnMissingBean
    SigV4GatewayFilterFactory sigV4GatewayFilterFactory(
            CredentialsRegistry credentials,
            RequestSigner signer,
            ClockSkew skew,
            GatewayMeters meters,
            BodyMemoryBudget bodyMemory) {
        return new SigV4GatewayFilterFactory(credentials, signer, skew, meters, bodyMemory);
    }

    @Bean
    @ConditionalOnMissingBean
    GatewayErrorHandler gatewayErrorHandler() {
        return new GatewayErrorHandler();
    }

    /** SCG's own is switched off in application.yaml: this one skips the routes that have a target. */
    @Bean
    FixedTargetRouteToRequestUrlFilter fixedTargetRouteToRequestUrlFilter() {
        return new FixedTargetRouteToRequestUrlFilter();
    }

    /**
     * SCG registers its hop-by-hop header filter unconditionally: this puts the copy-free one in its place, with
     * its configuration. A user's own subclass is left alone.
     */
    @Bean
    @ConditionalOnBooleanProperty(name = "sigv4-gateway.tuning.copy-free-hop-by-hop-filter", matchIfMissing = true)
    static BeanPostProcessor copyFreeHopByHopHeadersFilter() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                return bean.getClass() == RemoveHopByHopHeadersFilter.class
                        ? new CopyFreeHopByHopHeadersFilter((RemoveHopByHopHeadersFilter) bean)
                        : bean;
            }
        };
    }
}
