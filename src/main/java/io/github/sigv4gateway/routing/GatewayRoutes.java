package io.github.sigv4gateway.routing;

import static org.springframework.cloud.gateway.support.RouteMetadataUtils.CONNECT_TIMEOUT_ATTR;
import static org.springframework.cloud.gateway.support.RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR;

import io.github.sigv4gateway.config.GatewayRoute;
import io.github.sigv4gateway.credentials.CredentialsRegistry;
import io.github.sigv4gateway.observability.GatewayMeters;
import io.github.sigv4gateway.signing.ClockSkew;
import io.github.sigv4gateway.signing.RequestSigner;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;

/** Spring Cloud Gateway routes built from the validated {@link GatewayRoute}s, in their configured order. */
public final class GatewayRoutes {

    private GatewayRoutes() {}

    /**
     * @param fixedTargetUrls whether the routes skip SCG's route-to-URL step ({@link FixedTargetRouteToRequestUrlFilter})
     * @param sharedConnectTimeout the HTTP client's own connect timeout (SCG's httpclient.connect-timeout), or
     *        null; a route with the same value carries none of its own, because SCG re-configures the client for
     *        every request of a route that does
     */
    public static RouteLocator locator(
            boolean fixedTargetUrls,
            RouteLocatorBuilder builder,
            List<GatewayRoute> routes,
            CredentialsRegistry credentials,
            RequestSigner signer,
            ClockSkew skew,
            GatewayMeters meters,
            BodyMemoryBudget bodyMemory,
            @Nullable Integer sharedConnectTimeout) {
        RouteLocatorBuilder.Builder routesBuilder = builder.routes();
        for (GatewayRoute route : routes) {
            SigningRoute signing = SigningRoute.of(route);
            SigV4GatewayFilter filter = new SigV4GatewayFilter(signing, credentials, signer, skew, meters, bodyMemory);
            boolean ownConnectTimeout = sharedConnectTimeout == null
                    || route.connectTimeout().toMillis() != sharedConnectTimeout.longValue();
            routesBuilder.route(route.id(), p -> {
                var spec = p.order(route.order())
                        .path(route.path())
                        .filters(f -> f.filter(filter))
                        .metadata(RESPONSE_TIMEOUT_ATTR, route.responseTimeout().toMillis())
                        .metadata(FixedTargetRouteToRequestUrlFilter.FIXED_TARGET, fixedTargetUrls);
                if (ownConnectTimeout) {
                    spec = spec.metadata(
                            CONNECT_TIMEOUT_ATTR, route.connectTimeout().toMillis());
                }
                return spec.uri(route.target());
            });
        }
        return routesBuilder.build();
    }
}
