package io.github.sigv4gateway.routing;

import io.github.sigv4gateway.config.GatewayConfigurationValidator;
import io.github.sigv4gateway.config.RetrySettings;
import io.github.sigv4gateway.credentials.CredentialsRegistry;
import io.github.sigv4gateway.observability.GatewayMeters;
import io.github.sigv4gateway.signing.ClockSkew;
import io.github.sigv4gateway.signing.RequestSigner;
import io.github.sigv4gateway.signing.SigningScope;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.cloud.gateway.support.HasRouteId;
import org.springframework.util.unit.DataSize;

/**
 * The SigV4 filter for standard Spring Cloud Gateway route definitions:
 * {@code filters: [SigV4=us-east-1,lambda,default]} (region, service, credentials entry), or the long form with
 * {@code max-body-size}. The route's own URI and filters decide where the request goes; this signs it.
 */
public class SigV4GatewayFilterFactory extends AbstractGatewayFilterFactory<SigV4GatewayFilterFactory.Config> {

    private final CredentialsRegistry credentials;
    private final RequestSigner signer;
    private final ClockSkew skew;
    private final GatewayMeters meters;
    private final BodyMemoryBudget bodyMemory;

    public SigV4GatewayFilterFactory(
            CredentialsRegistry credentials,
            RequestSigner signer,
            ClockSkew skew,
            GatewayMeters meters,
            BodyMemoryBudget bodyMemory) {
        super(Config.class);
        this.credentials = credentials;
        this.signer = signer;
        this.skew = skew;
        this.meters = meters;
        this.bodyMemory = bodyMemory;
    }

    @Override
    public List<String> shortcutFieldOrder() {
        return List.of("region", "service", "credentials");
    }

    @Override
    public GatewayFilter apply(Config config) {
        String routeId = config.getRouteId() == null ? "scg-route" : config.getRouteId();
        // Thrown while SCG loads its routes at startup, which then fails; the failure analyzer prints the problems.
        GatewayConfigurationValidator.validateSigV4Filter(
                routeId,
                config.getRegion(),
                config.getService(),
                config.getCredentials(),
                credentials.entry(config.getCredentials()).isPresent(),
                config.getMaxBodySize(),
                bodyMemory.limit());
        SigningRoute route = new SigningRoute(
                routeId,
                new SigningScope(config.getRegion(), config.getService()),
                config.getCredentials(),
                config.getMaxBodySize().toBytes(),
                RetrySettings.DEFAULT,
                null);
        return new SigV4GatewayFilter(route, credentials, signer, skew, meters, bodyMemory);
    }

    @Override
    public String name() {
        return "SigV4";
    }

    /** Arguments of the {@code SigV4} filter. */
    public static class Config implements HasRouteId {

        private @Nullable String region;
        private @Nullable String service;
        private String credentials = CredentialsRegistry.DEFAULT_ENTRY;
        private DataSize maxBodySize = DataSize.ofMegabytes(6);
        private @Nullable String routeId;

        public @Nullable String getRegion() {
            return region;
        }

        public void setRegion(@Nullable String region) {
            this.region = region;
        }

        public @Nullable String getService() {
            return service;
        }

        public void setService(@Nullable String service) {
            this.service = service;
        }

        public String getCredentials() {
            return credentials;
        }

        public void setCredentials(String credentials) {
            this.credentials = credentials;
        }

        public DataSize getMaxBodySize() {
            return maxBodySize;
        }

        public void setMaxBodySize(DataSize maxBodySize) {
            this.maxBodySize = maxBodySize;
        }

        @Override
        public void setRouteId(String routeId) {
            this.routeId = routeId;
        }

        @Override
        public @Nullable String getRouteId() {
            return routeId;
        }
    }
}
