package io.github.sigv4gateway;

import io.github.sigv4gateway.server.EventLoops;
import io.github.sigv4gateway.server.NettyBuffers;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Entry point: a Spring Cloud Gateway that signs every request with AWS SigV4 before forwarding it to the
 * configured Lambda function URL.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SigV4GatewayApplication {

    public static void main(String[] args) {
        applyNettyDefaults();
        SpringApplication.run(SigV4GatewayApplication.class, args);
    }

    /**
     * The gateway's Netty defaults (one event loop per CPU, the pooled allocator), set as system properties before
     * Netty first reads them; whatever the JVM was given wins. Every entry point calls this first.
     */
    public static void applyNettyDefaults() {
        EventLoops.defaultToOnePerCpu();
        NettyBuffers.defaultToPooled();
    }
}
