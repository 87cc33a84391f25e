package io.github.sigv4gateway.observability;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** The request meters and the access log: one record per answered request on the proxy port. */
@Configuration(proxyBeanMethods = false)
public class ObservabilityConfiguration {

    /** Wraps after every other wrapping of the proxy port's handler, so it sees what the client got. */
    static final int OBSERVED_HANDLER_ORDER = Ordered.LOWEST_PRECEDENCE - 100;

    @Bean
    @ConditionalOnMissingBean
    GatewayMeters gatewayMeters(MeterRegistry registry) {
        return new GatewayMeters(registry);
    }

    @Bean
    RequestRecordWebFilter requestRecordWebFilter() {
        return new RequestRecordWebFilter();
    }

    /**
     * Wraps the proxy port's handler only. A post-processor, not an {@code HttpHandlerDecoratorFactory}: the
     * management port's child context would pick a decorator bean up from this context too, and then probes and
     * scrapes would fill the access log and the request meters; post-processors never apply to a child context.
     */
    @Bean
    static HttpHandlerWrapper observedProxyHandler(ObjectProvider<GatewayMeters> meters) {
        return new HttpHandlerWrapper(
                OBSERVED_HANDLER_ORDER, handler -> new ObservedHttpHandler(handler, meters.getObject()));
    }
}
