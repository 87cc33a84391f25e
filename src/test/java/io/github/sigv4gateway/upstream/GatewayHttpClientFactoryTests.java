package io.github.sigv4gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.config.HttpClientProperties.Pool.PoolType;
import org.springframework.cloud.gateway.config.HttpClientSslConfigurer;
import reactor.netty.resources.ConnectionProvider;

class GatewayHttpClientFactoryTests {

    /** Every pool type keeps fresh connections for retries; only the elastic pool is split, and only when asked. */
    @ParameterizedTest
    @CsvSource({"ELASTIC,true", "FIXED,true", "DISABLED,true", "ELASTIC,false", "FIXED,false"})
    void onlyTheElasticPool_isSplitPerEventLoop_andEveryPoolGivesRetriesAFreshConnection(
            PoolType type, boolean perLoopPools) {
        HttpClientProperties properties = new HttpClientProperties();
        properties.getPool().setType(type);
        ConnectionProvider provider = factory(properties, perLoopPools).buildConnectionProvider(properties);
        try {
            assertThat(provider).isInstanceOf(FreshConnectionOnRetry.class);
            ConnectionProvider pooled = ((FreshConnectionOnRetry) provider).pooled();
            assertThat(pooled instanceof EventLoopLocalConnectionProvider)
                    .isEqualTo(type == PoolType.ELASTIC && perLoopPools);
            if (type == PoolType.FIXED) {
                assertThat(provider.maxConnections())
                        .isEqualTo(properties.getPool().getMaxConnections());
            }
        } finally {
            provider.disposeLater().block(Duration.ofSeconds(10));
        }
    }

    private static GatewayHttpClientFactory factory(HttpClientProperties properties, boolean perLoopPools) {
        ServerProperties server = new ServerProperties();
        HttpClientSslConfigurer ssl =
                new HttpClientSslConfigurer(properties.getSsl(), server, new DefaultSslBundleRegistry()) {};
        return new GatewayHttpClientFactory(properties, server, ssl, new ArrayList<>(List.of()), perLoopPools);
    }
}
