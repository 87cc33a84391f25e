package io.github.sigv4gateway.upstream;

import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.cloud.gateway.config.HttpClientCustomizer;
import org.springframework.cloud.gateway.config.HttpClientFactory;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.config.HttpClientSslConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Builds Spring Cloud Gateway's HTTP client with the {@link GatewayHttpClientFactory}. */
@Configuration(proxyBeanMethods = false)
public class UpstreamClientConfiguration {

    /** Takes the place of SCG's {@code gatewayHttpClientFactory}, which backs off when one exists. */
    @Bean
    HttpClientFactory gatewayHttpClientFactory(
            HttpClientProperties properties,
            ServerProperties serverProperties,
            List<HttpClientCustomizer> customizers,
            HttpClientSslConfigurer sslConfigurer,
            @Value("${sigv4-gateway.tuning.per-loop-connection-pools:true}") boolean perLoopPools) {
        return new GatewayHttpClientFactory(properties, serverProperties, sslConfigurer, customizers, perLoopPools);
    }
}
