package io.github.sigv4gateway.server;

import java.util.Properties;
import reactor.netty.ReactorNetty;
import reactor.netty.resources.LoopResources;

/**
 * How many event loops serve the proxy port and call the functions: by default one per CPU the JVM sees (a
 * container's CPU limit included), as Envoy runs one worker per CPU and nginx {@code worker_processes auto},
 * instead of Reactor Netty's floor of four. That floor guards applications that block their loops; the gateway
 * never does (BlockHound checks it in the tests), so loops beyond the CPUs only take turns on them and lengthen the
 * tail (measured in bench/README.md). Reactor Netty reads its
 * setting once, when it first creates its loops, so {@code main} puts the default in place before anything
 * starts; a {@code -Dreactor.netty.ioWorkerCount} given to the JVM wins.
 */
public final class EventLoops {

    /** Reactor Netty's own setting, a JVM system property. */
    public static final String COUNT_PROPERTY = ReactorNetty.IO_WORKER_COUNT;

    private EventLoops() {}

    /** One loop per CPU the JVM sees, unless the JVM was given a count. */
    public static void defaultToOnePerCpu() {
        defaultToOnePerCpu(System.getProperties(), Runtime.getRuntime().availableProcessors());
    }

    static void defaultToOnePerCpu(Properties systemProperties, int cpus) {
        if (systemProperties.getProperty(COUNT_PROPERTY) == null) {
            systemProperties.setProperty(COUNT_PROPERTY, Integer.toString(Math.max(1, cpus)));
        }
    }

    /** The number of loops Reactor Netty runs, as it read its setting. */
    public static int count() {
        return LoopResources.DEFAULT_IO_WORKER_COUNT;
    }
}
