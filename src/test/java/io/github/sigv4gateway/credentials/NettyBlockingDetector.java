package io.github.sigv4gateway.credentials;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.blockhound.BlockHound;

/**
 * BlockHound, recording instead of throwing: every blocking call made on a Netty/Reactor non-blocking thread
 * while it is installed. Allowed, each for its stated reason: writing log lines to the console, and the SDK's
 * short lock around its MessageDigest pool.
 */
final class NettyBlockingDetector {

    private static final List<String> BLOCKED = new CopyOnWriteArrayList<>();
    private static boolean installed;

    private NettyBlockingDetector() {
    }

    /** Installs BlockHound once per JVM; returns the live list of violations, emptied for the caller. */
    static synchronized List<String> install() {
        if (!installed) {
            // install(...) also loads the integrations Reactor and Netty ship, which mark their event-loop threads.
            BlockHound.install(builder -> builder
                    .allowBlockingCallsInside("ch.qos.logback.core.OutputStreamAppender", "writeBytes")
                    .allowBlockingCallsInside("ch.qos.logback.core.OutputStreamAppender", "subAppend")
                    // The SDK's pool of MessageDigest instances (a LinkedBlockingDeque) takes a short lock, no I/O,
                    // when it hands one out and when it takes it back; two event loops can meet on it under load.
                    .allowBlockingCallsInside("software.amazon.awssdk.checksums.internal.DigestAlgorithm", "getDigest")
                    .allowBlockingCallsInside(
                            "software.amazon.awssdk.checksums.internal.DigestAlgorithm$CloseableMessageDigest", "close")
                    .blockingMethodCallback(method -> BLOCKED.add(Thread.currentThread().getName() + ": " + method
                            + " from " + caller())));
            installed = true;
        }
        proveItWorks();
        BLOCKED.clear();
        return BLOCKED;
    }

    /** The first frames outside the JDK and BlockHound: where the blocking call came from. */
    private static String caller() {
        return java.util.Arrays.stream(new Throwable().getStackTrace())
                .map(StackTraceElement::toString)
                .filter(frame -> !frame.startsWith("java.") && !frame.startsWith("sun.")
                        && !frame.startsWith("reactor.blockhound") && !frame.contains("NettyBlockingDetector"))
                .limit(4)
                .collect(java.util.stream.Collectors.joining(" < "));
    }

    /** A deliberate sleep on a non-blocking Reactor thread must be seen, or the detector proves nothing. */
    private static void proveItWorks() {
        BLOCKED.clear();
        reactor.core.publisher.Mono.delay(java.time.Duration.ZERO)
                .doOnNext(tick -> {
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                })
                .block();
        if (BLOCKED.isEmpty()) {
            throw new IllegalStateException("BlockHound did not detect a deliberate Thread.sleep on a parallel thread");
        }
    }
}
