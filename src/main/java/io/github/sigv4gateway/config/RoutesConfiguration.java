package io.github.sigv4gateway.config;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The gateway's routes, resolved and validated once at startup; every other package reads them from here. */
@Configuration(proxyBeanMethods = false)
public class RoutesConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RoutesConfiguration.class);

    @Bean
    List<GatewayRoute> gatewayRoutes(GatewayProperties properties) {
        List<GatewayRoute> routes =
                GatewayConfigurationValidator.validate(properties, System.getenv(), SdkRegion::fromChain);
        for (GatewayRoute route : routes) {
            if ("http".equals(route.target().getScheme())) {
                log.warn(
                        "Route '{}' sends signed requests over plain http to {}: fine for a local emulator,"
                                + " never for AWS",
                        route.id(),
                        route.target());
            }
            log.info(
                    "Route '{}': {} -> {} (region {}, service {}, credentials '{}')",
                    route.id(),
                    route.path(),
                    route.target(),
                    route.region(),
                    route.service(),
                    route.credentials());
        }
        return routes;
    }
}
