package io.github.sigv4gateway.upstream;

import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.cloud.gateway.config.HttpClientCustomizer;
import org.springframework.cloud.gateway.config.HttpClientFactory;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.config.HttpClientSslConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Builds Spring Cloud Gateway's HTTP client with the {@link EventLoopLocalHttpClientFactory}. */
@Configuration(proxyBeanMethods = false)
public class UpstreamClientConfiguration {

    /** Takes the place of SCG's {@code gatewayHttpClientFactory}, which backs off when one exists. */
    @Bean
    @ConditionalOnBooleanProperty(name = "sigv4-gateway.tuning.per-loop-connection-pools", matchIfMissing = true)
    HttpClientFactory gatewayHttpClientFactory(
            HttpClientProperties properties,
            ServerProperties serverProperties,
            List<HttpClientCustomizer> customizers,
            HttpClientSslConfigurer sslConfigurer) {
        return new EventLoopLocalHttpClientFactory(properties, serverProperties, sslConfigurer, customizers);
    }
}
