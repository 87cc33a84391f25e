package io.github.sigv4gateway.server;

import io.netty.buffer.AdaptiveByteBufAllocator;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.Properties;

/**
 * Which allocator Netty takes its buffers from, on both sides of the proxy: the pooled one by default, instead of
 * Netty 4.2's own default, the adaptive allocator, because it relays large answers at a fraction of the CPU for a
 * little more memory (measured in bench/README.md). Netty reads its setting once,
 * when its buffer utilities are first loaded, so {@code main} puts the default in place before anything starts;
 * a {@code -Dio.netty.allocator.type} given to the JVM wins.
 */
public final class NettyBuffers {

    /** Netty's own setting, a JVM system property: {@code pooled}, {@code adaptive} or {@code unpooled}. */
    public static final String ALLOCATOR_PROPERTY = "io.netty.allocator.type";

    static final String POOLED = "pooled";

    private NettyBuffers() {}

    /** The pooled allocator, unless the JVM was given one. */
    public static void defaultToPooled() {
        defaultToPooled(System.getProperties());
    }

    static void defaultToPooled(Properties systemProperties) {
        if (systemProperties.getProperty(ALLOCATOR_PROPERTY) == null) {
            systemProperties.setProperty(ALLOCATOR_PROPERTY, POOLED);
        }
    }

    /** The allocator Netty uses, as it read its setting, by the name the setting gives it. */
    public static String allocator() {
        return nameOf(ByteBufAllocator.DEFAULT);
    }

    static String nameOf(ByteBufAllocator allocator) {
        if (allocator instanceof PooledByteBufAllocator) {
            return POOLED;
        }
        if (allocator instanceof AdaptiveByteBufAllocator) {
            return "adaptive";
        }
        if (allocator instanceof UnpooledByteBufAllocator) {
            return "unpooled";
        }
        return allocator.getClass().getName();
    }
}
