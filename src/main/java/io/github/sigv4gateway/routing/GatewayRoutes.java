package io.github.sigv4gateway.routing;

import static org.springframework.cloud.gateway.support.RouteMetadataUtils.CONNECT_TIMEOUT_ATTR;
import static org.springframework.cloud.gateway.support.RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR;

import io.github.sigv4gateway.config.GatewayRoute;
import io.github.sigv4gateway.credentials.CredentialsRegistry;
import io.github.sigv4gateway.observability.GatewayMeters;
import io.github.sigv4gateway.signing.RequestSigner;
import io.github.sigv4gateway.signing.SigningScope;
import java.util.List;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;

/** Spring Cloud Gateway routes built from the validated {@link GatewayRoute}s, in their configured order. */
public final class GatewayRoutes {

    private GatewayRoutes() {
    }

    public static RouteLocator locator(RouteLocatorBuilder builder, List<GatewayRoute> routes,
            CredentialsRegistry credentials, RequestSigner signer, GatewayMeters meters) {
        RouteLocatorBuilder.Builder routesBuilder = builder.routes();
        for (int i = 0; i < routes.size(); i++) {
            GatewayRoute route = routes.get(i);
            int order = i;
            SigningRoute signing = new SigningRoute(route.id(), new SigningScope(route.region(), route.service()),
                    route.credentials(), route.maxBodySize(), route.target(), route.stripPrefix());
            SigV4GatewayFilter filter = new SigV4GatewayFilter(signing, credentials, signer, meters);
            routesBuilder.route(route.id(), p -> p.order(order)
                    .path(route.path())
                    .filters(f -> f.filter(filter))
                    .metadata(CONNECT_TIMEOUT_ATTR, route.connectTimeout().toMillis())
                    .metadata(RESPONSE_TIMEOUT_ATTR, route.responseTimeout().toMillis())
                    .uri(route.target()));
        }
        return routesBuilder.build();
    }
}
