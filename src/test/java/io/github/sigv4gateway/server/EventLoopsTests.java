package io.github.sigv4gateway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
        assumeTrue(
                System.getProperty(EventLoops.COUNT_PROPERTY) == null,
                "the test JVM was given -D" + EventLoops.COUNT_PROPERTY);
        // This JVM was not started through main, so Reactor Netty kept its own default: at least four loops.
        assertThat(EventLoops.count())
                .isEqualTo(Math.max(4, Runtime.getRuntime().availableProcessors()));
    }
}
