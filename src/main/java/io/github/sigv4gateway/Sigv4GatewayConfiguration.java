package io.github.sigv4gateway;

import io.github.sigv4gateway.config.GatewayConfigurationValidator;
import io.github.sigv4gateway.config.GatewayProperties;
import io.github.sigv4gateway.config.SdkRegion;
import io.github.sigv4gateway.config.GatewayRoute;
import io.github.sigv4gateway.credentials.CachedCredentials;
import io.github.sigv4gateway.credentials.CredentialsHealthIndicator;
import io.github.sigv4gateway.credentials.CredentialsProviderFactory;
import io.github.sigv4gateway.credentials.CredentialsRegistry;
import io.github.sigv4gateway.credentials.CredentialsState;
import io.github.sigv4gateway.observability.GatewayMeters;
import io.github.sigv4gateway.observability.ObservedHttpHandler;
import io.github.sigv4gateway.observability.RequestRecordWebFilter;
import io.github.sigv4gateway.routing.BodyMemory;
import io.github.sigv4gateway.routing.FixedTargetRouteToRequestUrlFilter;
import io.github.sigv4gateway.routing.GatewayErrorHandler;
import io.github.sigv4gateway.routing.GatewayRoutes;
import io.github.sigv4gateway.routing.NoCopyRemoveHopByHopHeadersFilter;
import io.github.sigv4gateway.routing.SigV4GatewayFilterFactory;
import io.github.sigv4gateway.server.SingleWriteHttpHandler;
import io.github.sigv4gateway.signing.RequestSigner;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.util.internal.PlatformDependent;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.filter.headers.RemoveHopByHopHeadersFilter;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

/**
 * Wires the gateway: validated routes, credentials caches fetched before the context is ready, the signer, the
 * routes, error answers and observation. Each bean yields to a user's own of the same type.
 */
@Configuration(proxyBeanMethods = false)
class Sigv4GatewayConfiguration {

    private static final Logger log = LoggerFactory.getLogger(Sigv4GatewayConfiguration.class);

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    CredentialsProviderFactory credentialsProviderFactory() {
        return new CredentialsProviderFactory();
    }

    @Bean
    List<GatewayRoute> gatewayRoutes(GatewayProperties properties) {
        List<GatewayRoute> routes = GatewayConfigurationValidator.validate(properties, System.getenv(),
                SdkRegion::fromChain);
        for (GatewayRoute route : routes) {
            if ("http".equals(route.target().getScheme())) {
                log.warn("Route '{}' sends signed requests over plain http to {}: fine for a local emulator,"
                        + " never for AWS", route.id(), route.target());
            }
            log.info("Route '{}': {} -> {} (region {}, service {}, credentials '{}')", route.id(), route.path(),
                    route.target(), route.region(), route.service(), route.credentials());
        }
        return routes;
    }

    @Bean(destroyMethod = "close")
    CredentialsRegistry credentialsRegistry(GatewayProperties properties, List<GatewayRoute> gatewayRoutes,
            CredentialsProviderFactory factory, Clock clock, GatewayMeters meters) {
        Set<String> used = new LinkedHashSet<>(properties.getCredentials().keySet());
        gatewayRoutes.forEach(route -> used.add(route.credentials()));
        CredentialsRegistry registry = new CredentialsRegistry(properties.getCredentials(), used, factory, clock,
                (entry, success, failure) -> meters.credentialsRefreshed(entry, success));
        registry.entries().forEach(entry -> meters.credentialsExpiry(entry.name(),
                () -> secondsUntilExpiry(entry, clock)));
        registry.start();
        return registry;
    }

    @Bean
    CredentialsHealthIndicator credentialsHealthIndicator(CredentialsRegistry registry, Clock clock) {
        return new CredentialsHealthIndicator(registry, clock);
    }

    @Bean
    GatewayMeters gatewayMeters(MeterRegistry registry) {
        return new GatewayMeters(registry);
    }

    @Bean
    @ConditionalOnMissingBean
    RequestSigner requestSigner(Clock clock) {
        return new RequestSigner(clock);
    }

    /**
     * Bodies are read into Netty's direct memory; by default they may take half of it, so that responses and
     * bodiless requests keep the other half when many large uploads arrive at once.
     */
    @Bean
    BodyMemory bodyMemory(GatewayProperties properties, List<GatewayRoute> gatewayRoutes, GatewayMeters meters) {
        DataSize configured = properties.getServer().getMaxBufferedBodyMemory();
        long limit = configured != null ? configured.toBytes()
                : Math.max(PlatformDependent.maxDirectMemory() / 2,
                        gatewayRoutes.stream().mapToLong(GatewayRoute::maxBodySize).max().orElse(0));
        BodyMemory memory = new BodyMemory(limit);
        meters.bodyMemory(memory::held, memory.limit());
        log.info("Request bodies held at once: up to {} bytes, all routes together ({})", limit,
                configured != null ? BodyMemory.PROPERTY : "half of Netty's direct memory");
        return memory;
    }

    @Bean
    RouteLocator sigv4Routes(RouteLocatorBuilder builder, List<GatewayRoute> gatewayRoutes,
            CredentialsRegistry credentials, RequestSigner signer, GatewayMeters meters, BodyMemory bodyMemory,
            HttpClientProperties httpClient) {
        return GatewayRoutes.locator(builder, gatewayRoutes, credentials, signer, meters, bodyMemory,
                httpClient.getConnectTimeout());
    }

    @Bean
    SigV4GatewayFilterFactory sigV4GatewayFilterFactory(CredentialsRegistry credentials, RequestSigner signer,
            GatewayMeters meters, BodyMemory bodyMemory) {
        return new SigV4GatewayFilterFactory(credentials, signer, meters, bodyMemory);
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
    static BeanPostProcessor noCopyHopByHopHeadersFilter() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                return bean.getClass() == RemoveHopByHopHeadersFilter.class
                        ? new NoCopyRemoveHopByHopHeadersFilter((RemoveHopByHopHeadersFilter) bean) : bean;
            }
        };
    }

    @Bean
    GatewayErrorHandler gatewayErrorHandler() {
        return new GatewayErrorHandler();
    }

    /**
     * Wraps the proxy port's handler only. A post-processor, not an {@code HttpHandlerDecoratorFactory}: the
     * management port's child context would pick a decorator bean up from this context too, and then probes and
     * scrapes would fill the access log and the request meters; post-processors never apply to a child context.
     */
    @Bean
    static BeanPostProcessor observedProxyHandler(ObjectProvider<GatewayMeters> meters) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                return bean instanceof HttpHandler handler
                        ? new ObservedHttpHandler(new SingleWriteHttpHandler(handler), meters.getObject()) : bean;
            }
        };
    }

    @Bean
    RequestRecordWebFilter requestRecordWebFilter() {
        return new RequestRecordWebFilter();
    }

    private static double secondsUntilExpiry(CachedCredentials entry, Clock clock) {
        CredentialsState state = entry.state();
        if (state.identity() == null) {
            return 0;
        }
        if (state.expiry() == null) {
            return Double.POSITIVE_INFINITY;
        }
        return Math.max(0, java.time.Duration.between(clock.instant(), state.expiry()).toMillis() / 1000.0);
    }
}
