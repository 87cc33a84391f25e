package io.github.sigv4gateway.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sigv4gateway.config.GatewayProperties;
import io.github.sigv4gateway.observability.GatewayMeters;
import io.github.sigv4gateway.observability.ObservabilityConfiguration;
import io.github.sigv4gateway.observability.ObservedHttpHandler;
import io.github.sigv4gateway.server.ProxyServerConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.http.server.reactive.HttpHandler;
import reactor.core.publisher.Mono;

/**
 * How the proxy port's handler is wrapped, each package adding its own wrapping: the access log and meters outside
 * (they record what the client got), the single-write answer inside.
 */
class ProxyHandlerWiringTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(ObservabilityConfiguration.class, ProxyServerConfiguration.class)
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
            .withBean(GatewayProperties.class, GatewayProperties::new)
            .withBean(HttpHandler.class, () -> (request, response) -> Mono.empty());

    @Test
    void proxyHandler_isObservedOutside_andWrittenOnceInside() {
        runner.run(context -> {
            HttpHandler handler = context.getBean(HttpHandler.class);
            assertThat(handler).isInstanceOf(ObservedHttpHandler.class);
            assertThat(handler)
                    .extracting("delegate")
                    .isInstanceOf(io.github.sigv4gateway.server.SingleWriteHttpHandler.class);
        });
    }

    @Test
    void singleWriteSwitchedOff_leavesTheHandlerObservedOnly() {
        runner.withPropertyValues("sigv4-gateway.tuning.single-write=false").run(context -> {
            HttpHandler handler = context.getBean(HttpHandler.class);
            assertThat(handler).isInstanceOf(ObservedHttpHandler.class);
            assertThat(handler)
                    .extracting("delegate")
                    .isNotInstanceOf(io.github.sigv4gateway.server.SingleWriteHttpHandler.class);
        });
    }

    @Test
    void userGatewayMeters_areUsedInsteadOfTheGatewaysOwn() {
        GatewayMeters own = new GatewayMeters(new SimpleMeterRegistry());
        runner.withBean(GatewayMeters.class, () -> own)
                .run(context -> assertThat(context).getBean(GatewayMeters.class).isSameAs(own));
    }
}
