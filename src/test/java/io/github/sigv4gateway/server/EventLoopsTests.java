package io.github.sigv4gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class EventLoopsTests {

    @Test
    void withoutACount_theJvmGetsOneLoopPerCpu() {
        Properties system = new Properties();

        EventLoops.defaultToOnePerCpu(system, 3);

        assertThat(system.getProperty("reactor.netty.ioWorkerCount")).isEqualTo("3");
    }

    @Test
    void aCountGivenToTheJvm_wins() {
        Properties system = new Properties();
        system.setProperty("reactor.netty.ioWorkerCount", "8");

        EventLoops.defaultToOnePerCpu(system, 2);

        assertThat(system.getProperty("reactor.netty.ioWorkerCount")).isEqualTo("8");
    }

    @Test
    void theCountReported_isTheOneReactorNettyRuns() {
        // This JVM was not started through main, so Reactor Netty kept its own default: at least four loops.
        assertThat(System.getProperty(EventLoops.COUNT_PROPERTY)).isNull();
        assertThat(EventLoops.count()).isEqualTo(Math.max(4, Runtime.getRuntime().availableProcessors()));
    }
}
