package io.github.sigv4gateway.inbound;

import io.github.sigv4gateway.config.GatewayProperties;
import io.github.sigv4gateway.config.RouteAccessSettings;
import java.util.stream.Stream;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * True when any inbound feature is configured: client certificates, API keys, service-account tokens, or a route's
 * allow, methods or
 * max-concurrent. Otherwise (the sidecar's case) no inbound filter exists at all, so it costs nothing per request.
 */
final class InboundInUse implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        GatewayProperties properties = Binder.get(context.getEnvironment())
                .bind(GatewayProperties.PREFIX, GatewayProperties.class)
                .orElseGet(GatewayProperties::new);
        return inUse(properties);
    }

    static boolean inUse(GatewayProperties properties) {
        return properties.getServer().getTls().effectiveClientAuth() != null
                || properties.getApiKeys().configured()
                || properties.getServiceAccountTokens().configured()
                || Stream.concat(Stream.of(properties), properties.getRoutes().stream())
                        .anyMatch(InboundInUse::restricted);
    }

    private static boolean restricted(RouteAccessSettings route) {
        return !route.getAllow().isEmpty() || !route.getMethods().isEmpty() || route.getMaxConcurrent() != 0;
    }
}
