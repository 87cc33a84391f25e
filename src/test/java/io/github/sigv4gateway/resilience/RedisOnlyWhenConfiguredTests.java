package io.github.sigv4gateway.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.health.DataRedisReactiveHealthContributorAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.mock.env.MockEnvironment;

/**
 * Boot's Redis auto-configuration runs only where a Redis is configured: the gateway's default start builds no
 * Lettuce client, no connection factory and no Redis health contributor.
 */
class RedisOnlyWhenConfiguredTests {

    /** Boot's Redis auto-configurations, imported through the selector that applies the import filters. */
    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({
        DataRedisAutoConfiguration.class,
        DataRedisReactiveAutoConfiguration.class,
        DataRedisReactiveHealthContributorAutoConfiguration.class
    })
    static class WithRedisAutoConfiguration {}

    private final ApplicationContextRunner runner =
            new ApplicationContextRunner().withUserConfiguration(WithRedisAutoConfiguration.class);

    @Test
    void noRedisKey_noConnectionFactoryNorTemplate() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(RedisConnectionFactory.class);
            assertThat(context).doesNotHaveBean(ReactiveRedisConnectionFactory.class);
            assertThat(context).doesNotHaveBean(ReactiveStringRedisTemplate.class);
            assertThat(context).doesNotHaveBean("redisHealthContributor");
        });
    }

    @Test
    void blankRedisHost_isNotConfigured() {
        runner.withPropertyValues("spring.data.redis.host= ")
                .run(context -> assertThat(context).doesNotHaveBean(ReactiveRedisConnectionFactory.class));
    }

    @Test
    void redisHost_autoConfiguresTheReactiveTemplate() {
        runner.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=1")
                .run(context -> {
                    assertThat(context).hasSingleBean(ReactiveRedisConnectionFactory.class);
                    assertThat(context).hasSingleBean(ReactiveStringRedisTemplate.class);
                });
    }

    @Test
    void redisUrl_autoConfiguresTheReactiveTemplate() {
        runner.withPropertyValues("spring.data.redis.url=redis://127.0.0.1:1")
                .run(context -> assertThat(context).hasSingleBean(ReactiveStringRedisTemplate.class));
    }

    @Test
    void match_filtersOnlyRedisAutoConfigurations_andNullEntries_whenNoRedisIsConfigured() {
        RedisOnlyWhenConfigured filter = new RedisOnlyWhenConfigured();
        filter.setEnvironment(new MockEnvironment());
        String[] candidates = {
            DataRedisAutoConfiguration.class.getName(),
            null,
            "org.springframework.cloud.gateway.config.GatewayRedisAutoConfiguration",
            "org.springframework.boot.data.redis.autoconfigure.observation.LettuceObservationAutoConfiguration"
        };
        assertThat(filter.match(candidates, null)).containsExactly(false, true, true, false);

        filter.setEnvironment(new MockEnvironment().withProperty("spring.data.redis.cluster.nodes", "127.0.0.1:7000"));
        assertThat(filter.match(candidates, null)).containsExactly(true, true, true, true);
    }
}
