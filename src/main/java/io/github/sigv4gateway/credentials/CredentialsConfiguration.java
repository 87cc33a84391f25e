package io.github.sigv4gateway.credentials;

import io.github.sigv4gateway.config.GatewayProperties;
import io.github.sigv4gateway.config.GatewayRoute;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The credentials entries: each behind its refreshing cache, fetched before the context is ready, with their
 * readiness and meters. The clock and the provider factory yield to a user's own beans.
 */
@Configuration(proxyBeanMethods = false)
public class CredentialsConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    @ConditionalOnMissingBean
    CredentialsProviderFactory credentialsProviderFactory() {
        return new CredentialsProviderFactory();
    }

    @Bean
    CredentialsMeters credentialsMeters(Clock clock) {
        return new CredentialsMeters(clock);
    }

    /** The configured entries and those the routes name (an absent {@code default} is the SDK chain). */
    @Bean(destroyMethod = "close")
    CredentialsRegistry credentialsRegistry(
            GatewayProperties properties,
            List<GatewayRoute> gatewayRoutes,
            CredentialsProviderFactory factory,
            Clock clock,
            CredentialsMeters meters) {
        Set<String> used = new LinkedHashSet<>(properties.getCredentials().keySet());
        gatewayRoutes.forEach(route -> used.add(route.credentials()));
        CredentialsRegistry registry =
                new CredentialsRegistry(properties.getCredentials(), used, factory, clock, meters);
        meters.watch(registry);
        registry.start();
        return registry;
    }

    @Bean
    @ConditionalOnMissingBean
    CredentialsHealthIndicator credentialsHealthIndicator(CredentialsRegistry registry, Clock clock) {
        return new CredentialsHealthIndicator(registry, clock);
    }
}
