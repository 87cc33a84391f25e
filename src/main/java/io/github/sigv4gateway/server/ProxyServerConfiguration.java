package io.github.sigv4gateway.server;

import io.github.sigv4gateway.config.GatewayProperties;
import io.github.sigv4gateway.observability.GatewayMeters;
import io.github.sigv4gateway.observability.HttpHandlerWrapper;
import io.github.sigv4gateway.observability.RequestLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import reactor.netty.NettyPipeline;

/**
 * Installs the {@link HeadReadTimeout}, the {@link ObsFoldScanner} and the {@link RequestHeadGuard} on every HTTP/1.1
 * connection, and logs how many
 * event loops serve the port ({@link EventLoops}), which allocator Netty's buffers come from ({@link NettyBuffers}) and
 * which TLS it uses ({@link TlsProvider}).
 */
@Configuration(proxyBeanMethods = false)
public class ProxyServerConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ProxyServerConfiguration.class);

    /** Innermost wrapping of the proxy port's handler, inside the access log's. */
    @Bean
    @ConditionalOnBooleanProperty(name = "sigv4-gateway.tuning.single-write", matchIfMissing = true)
    static HttpHandlerWrapper singleWriteProxyHandler() {
        return new HttpHandlerWrapper(Ordered.LOWEST_PRECEDENCE - 200, SingleWriteHttpHandler::new);
    }

    @Bean
    NettyServerCustomizer requestHeadGuardCustomizer(GatewayProperties properties, GatewayMeters meters) {
        RequestLog requestLog = new RequestLog(meters);
        log.info(
                "Event loops: {} ({} CPUs seen by the JVM; -D{} to choose)",
                EventLoops.count(),
                Runtime.getRuntime().availableProcessors(),
                EventLoops.COUNT_PROPERTY);
        log.info(
                "Netty buffers: {} allocator (-D{} to choose)",
                NettyBuffers.allocator(),
                NettyBuffers.ALLOCATOR_PROPERTY);
        TlsProvider.Report tls = TlsProvider.current();
        log.atLevel(tls.level()).log(tls.message());
        return server -> server.doOnChannelInit((observer, channel, remoteAddress) -> {
            if (channel.pipeline().get(NettyPipeline.HttpTrafficHandler) != null) {
                HeadReadTimeout timeout =
                        new HeadReadTimeout(properties.getServer().getHeaderReadTimeout(), requestLog);
                channel.pipeline().addBefore(NettyPipeline.HttpCodec, HeadReadTimeout.BYTES_NAME, timeout.bytes());
                channel.pipeline()
                        .addBefore(NettyPipeline.HttpCodec, ObsFoldScanner.NAME, new ObsFoldScanner(requestLog));
                channel.pipeline().addAfter(NettyPipeline.HttpCodec, HeadReadTimeout.HEADS_NAME, timeout.heads());
                channel.pipeline()
                        .addBefore(
                                NettyPipeline.HttpTrafficHandler,
                                RequestHeadGuard.NAME,
                                new RequestHeadGuard(requestLog));
            }
        });
    }
}
