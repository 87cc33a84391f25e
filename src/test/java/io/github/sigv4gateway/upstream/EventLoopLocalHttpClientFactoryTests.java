package io.github.sigv4gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.config.HttpClientProperties.Pool.PoolType;
import org.springframework.cloud.gateway.config.HttpClientSslConfigurer;
import reactor.netty.resources.ConnectionProvider;

class EventLoopLocalHttpClientFactoryTests {

    @ParameterizedTest
    @EnumSource(PoolType.class)
    void onlyTheElasticPool_isSplitPerEventLoop(PoolType type) {
        HttpClientProperties properties = new HttpClientProperties();
        properties.getPool().setType(type);
        ConnectionProvider provider = factory(properties, List.of()).buildConnectionProvider(properties);
        try {
            assertThat(provider instanceof EventLoopLocalConnectionProvider).isEqualTo(type == PoolType.ELASTIC);
            if (type == PoolType.FIXED) {
                assertThat(provider.maxConnections())
                        .isEqualTo(properties.getPool().getMaxConnections());
            }
        } finally {
            provider.disposeLater().block(Duration.ofSeconds(10));
        }
    }

    private static EventLoopLocalHttpClientFactory factory(
            HttpClientProperties properties,
            List<org.springframework.cloud.gateway.config.HttpClientCustomizer> customizers) {
        ServerProperties server = new ServerProperties();
        HttpClientSslConfigurer ssl =
                new HttpClientSslConfigurer(properties.getSsl(), server, new DefaultSslBundleRegistry()) {};
        return new EventLoopLocalHttpClientFactory(properties, server, ssl, new ArrayList<>(customizers));
    }
}
