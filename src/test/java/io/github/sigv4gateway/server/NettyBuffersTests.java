package io.github.sigv4gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.AdaptiveByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class NettyBuffersTests {

    @Test
    void withoutAnAllocatorType_theJvmGetsThePooledOne() {
        Properties system = new Properties();

        NettyBuffers.defaultToPooled(system);

        assertThat(system.getProperty("io.netty.allocator.type")).isEqualTo("pooled");
    }

    @Test
    void anAllocatorTypeGivenToTheJvm_wins() {
        Properties system = new Properties();
        system.setProperty("io.netty.allocator.type", "adaptive");

        NettyBuffers.defaultToPooled(system);

        assertThat(system.getProperty("io.netty.allocator.type")).isEqualTo("adaptive");
    }

    @Test
    void theAllocatorReported_isNamedAsNettysSettingNamesIt() {
        assertThat(NettyBuffers.nameOf(new PooledByteBufAllocator(true))).isEqualTo("pooled");
        assertThat(NettyBuffers.nameOf(new AdaptiveByteBufAllocator())).isEqualTo("adaptive");
        assertThat(NettyBuffers.nameOf(UnpooledByteBufAllocator.DEFAULT)).isEqualTo("unpooled");
    }
}
