package io.github.sigv4gateway.inbound;

import io.github.sigv4gateway.config.ApiKeyFile;
import io.github.sigv4gateway.config.ApiKeysProperties;
import io.github.sigv4gateway.config.GatewayProperties;
import io.github.sigv4gateway.config.GatewayRoute;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * The inbound checks, wired only when one is configured ({@link InboundInUse}): the API keys (with the reloader of
 * their file) and the global filter that runs each route's guard. HTTPS itself is Spring Boot's, set up from
 * {@code sigv4-gateway.server.tls} by {@link ProxyTlsEnvironment}.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(InboundInUse.class)
public class InboundConfiguration {

    @Bean
    ApiKeysHolder apiKeys(GatewayProperties properties) {
        ApiKeysProperties configured = properties.getApiKeys();
        if (!configured.configured()) {
            return new ApiKeysHolder(null, null);
        }
        ApiKeys keys = new ApiKeys(configured.getHeader());
        List<String> problems = new ArrayList<>();
        Map<String, byte[]> inline = ApiKeyFile.parse(configured.getSha256(), problems);
        keys.replace(inline);
        String file = configured.getFile();
        ApiKeyFileReloader reloader = file == null || file.isBlank()
                ? null
                : new ApiKeyFileReloader(Path.of(file), inline, keys, configured.getReloadInterval());
        return new ApiKeysHolder(keys, reloader);
    }

    @Bean
    InboundFilter inboundFilter(
            GatewayProperties properties,
            List<GatewayRoute> routes,
            ApiKeysHolder keys,
            ObjectProvider<MeterRegistry> registry) {
        // Built only when configured: without it, Spring Security's classes are never loaded.
        ServiceAccountTokens tokens = properties.getServiceAccountTokens().configured()
                ? new ServiceAccountTokens(properties.getServiceAccountTokens())
                : null;
        return new InboundFilter(routes, keys.keys(), tokens, new AuthFailures(registry.getObject()));
    }
}
