package io.github.sigv4gateway.resilience;

import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Keeps Spring Boot's Redis auto-configuration (connection factory, Lettuce's threads, templates, health
 * contributor) out of the gateway unless a Redis is configured. Redis is on the class path only for SCG's
 * distributed rate limiter; without this, every gateway would build a client for {@code localhost:6379} and
 * report health DOWN where no Redis runs.
 */
public final class RedisOnlyWhenConfigured implements AutoConfigurationImportFilter, EnvironmentAware {

    /** Package of Boot's Redis auto-configurations (data, reactive, repositories, health, observation). */
    static final String REDIS_AUTO_CONFIGURATIONS = "org.springframework.boot.data.redis.autoconfigure.";

    /** Any of these, set to a non-blank value, says where a Redis is. */
    static final List<String> REDIS_KEYS = List.of(
            "spring.data.redis.url",
            "spring.data.redis.host",
            "spring.data.redis.cluster.nodes",
            "spring.data.redis.sentinel.nodes");

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public boolean[] match(String[] autoConfigurationClasses, AutoConfigurationMetadata metadata) {
        boolean configured = redisConfigured(environment);
        boolean[] matches = new boolean[autoConfigurationClasses.length];
        for (int i = 0; i < matches.length; i++) {
            String candidate = autoConfigurationClasses[i];
            matches[i] = configured || candidate == null || !candidate.startsWith(REDIS_AUTO_CONFIGURATIONS);
        }
        return matches;
    }

    static boolean redisConfigured(Environment environment) {
        return REDIS_KEYS.stream().anyMatch(key -> StringUtils.hasText(environment.getProperty(key)));
    }
}
