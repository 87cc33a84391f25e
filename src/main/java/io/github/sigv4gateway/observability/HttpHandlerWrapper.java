package io.github.sigv4gateway.observability;

import java.util.function.UnaryOperator;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.HttpHandler;

/**
 * Wraps the application context's {@link HttpHandler} (the proxy port's; the management port's child context is
 * never post-processed by this one). Wrappers apply in their order, the lowest innermost; a {@code @Bean} method
 * must declare this type, not {@code BeanPostProcessor}, for Spring to see the order before creating the bean.
 */
public final class HttpHandlerWrapper implements BeanPostProcessor, Ordered {

    private final int order;
    private final UnaryOperator<HttpHandler> wrapping;

    public HttpHandlerWrapper(int order, UnaryOperator<HttpHandler> wrapping) {
        this.order = order;
        this.wrapping = wrapping;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        return bean instanceof HttpHandler handler ? wrapping.apply(handler) : bean;
    }

    @Override
    public int getOrder() {
        return order;
    }
}
