package io.github.sigv4gateway.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sigv4gateway.config.GatewayProperties;
import io.github.sigv4gateway.config.GatewayRoute;
import io.github.sigv4gateway.config.RouteResolver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.server.WebFilter;

/**
 * Inbound checks cost nothing when none is configured (the sidecar): no filter of theirs exists, global or web,
 * and no Spring Security filter chain either. Any inbound key brings the filter.
 */
class InboundWiringTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(Routes.class, InboundConfiguration.class)
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
            .withPropertyValues("sigv4-gateway.target=https://abcdef123.lambda-url.eu-west-2.on.aws");

    @Test
    void nothingConfigured_noInboundFilterAtAll() {
        runner.run(context -> {
            assertThat(context).doesNotHaveBean(InboundFilter.class);
            assertThat(context).doesNotHaveBean(ApiKeysHolder.class);
            assertThat(context.getBeansOfType(GlobalFilter.class)).isEmpty();
            assertThat(context.getBeansOfType(WebFilter.class)).isEmpty();
        });
    }

    @Test
    void anyInboundKey_bringsTheFilter() {
        for (String key : List.of(
                "sigv4-gateway.methods=GET",
                "sigv4-gateway.max-concurrent=5",
                "sigv4-gateway.routes[0].max-concurrent=5",
                "sigv4-gateway.api-keys.sha256.reports=5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8")) {
            runner.withPropertyValues(key)
                    .run(context -> assertThat(context).as(key).hasSingleBean(InboundFilter.class));
        }
    }

    /** Only Spring Security's JOSE module (the JWT decoder) is a dependency: no web filter chain can exist. */
    @Test
    void noSpringSecurityWeb_onTheClasspath() {
        assertThat(isPresent("org.springframework.security.web.server.SecurityWebFilterChain"))
                .isFalse();
    }

    private static boolean isPresent(String className) {
        try {
            Class.forName(className);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(GatewayProperties.class)
    static class Routes {

        @Bean
        List<GatewayRoute> gatewayRoutes(GatewayProperties properties) {
            return new RouteResolver(Optional::empty).resolve(properties, new ArrayList<>());
        }
    }
}
