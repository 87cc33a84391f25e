package io.github.sigv4gateway.server;

import io.github.sigv4gateway.config.GatewayProperties;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.netty.NettyPipeline;

/** Installs the {@link RawHeadGuard} and the {@link RequestHeadGuard} on every HTTP/1.1 connection. */
@Configuration(proxyBeanMethods = false)
class ProxyServerConfiguration {

    @Bean
    NettyServerCustomizer requestHeadGuardCustomizer(GatewayProperties properties) {
        return server -> server.doOnChannelInit((observer, channel, remoteAddress) -> {
            if (channel.pipeline().get(NettyPipeline.HttpTrafficHandler) != null) {
                channel.pipeline().addBefore(NettyPipeline.HttpCodec, RawHeadGuard.NAME,
                        new RawHeadGuard(properties.getServer().getHeaderReadTimeout()));
                channel.pipeline().addBefore(NettyPipeline.HttpTrafficHandler, RequestHeadGuard.NAME,
                        new RequestHeadGuard());
            }
        });
    }
}
