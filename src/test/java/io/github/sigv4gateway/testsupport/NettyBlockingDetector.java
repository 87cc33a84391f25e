package io.github.sigv4gateway.testsupport;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.blockhound.BlockHound;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * BlockHound, recording instead of throwing: every blocking call made on a Netty/Reactor non-blocking thread
 * while it is installed. Allowed, each for its stated reason: writing log lines to the console, and the SDK's
 * short lock around its MessageDigest pool.
 *
 * <p>BlockHound decides once per thread, at the thread's first instrumented call, whether it watches it (a
 * thread-local state), so a thread that already existed when it was installed late in a long test run may not be
 * watched: once, in a full run, the deliberate sleep below went unseen on the shared parallel scheduler. So the
 * surefire run installs it before the first test ({@link BlockHoundSessionListener}), and the proof runs on a
 * thread made for it.
 */
public final class NettyBlockingDetector {

    /** Enough to show what blocked; other test classes running later cannot grow it without bound. */
    private static final int MAX_RECORDED = 1000;

    private static final List<String> BLOCKED = new CopyOnWriteArrayList<>();
    private static boolean installed;

    private NettyBlockingDetector() {}

    /** Installs BlockHound once per JVM, proves it sees a blocking call, and returns the live list of violations,
     * emptied for the caller. */
    public static synchronized List<String> install() {
        installOnce();
        proveItWorks();
        BLOCKED.clear();
        return BLOCKED;
    }

    static synchronized void installOnce() {
        if (!installed) {
            // install(...) also loads the integrations Reactor and Netty ship, which mark their event-loop threads.
            BlockHound.install(builder -> builder.allowBlockingCallsInside(
                            "ch.qos.logback.core.OutputStreamAppender", "writeBytes")
                    .allowBlockingCallsInside("ch.qos.logback.core.OutputStreamAppender", "subAppend")
                    // The SDK's pool of MessageDigest instances (a LinkedBlockingDeque) takes a short lock, no I/O,
                    // when it hands one out and when it takes it back; two event loops can meet on it under load.
                    .allowBlockingCallsInside("software.amazon.awssdk.checksums.internal.DigestAlgorithm", "getDigest")
                    .allowBlockingCallsInside(
                            "software.amazon.awssdk.checksums.internal.DigestAlgorithm$CloseableMessageDigest", "close")
                    .blockingMethodCallback(method -> {
                        if (BLOCKED.size() < MAX_RECORDED) {
                            BLOCKED.add(Thread.currentThread().getName() + ": " + method + " from " + caller());
                        }
                    }));
            installed = true;
        }
    }

    /** The first frames outside the JDK and BlockHound: where the blocking call came from. */
    private static String caller() {
        return java.util.Arrays.stream(new Throwable().getStackTrace())
                .map(StackTraceElement::toString)
                .filter(frame -> !frame.startsWith("java.")
                        && !frame.startsWith("sun.")
                        && !frame.startsWith("reactor.blockhound")
                        && !frame.contains("NettyBlockingDetector"))
                .limit(4)
                .collect(java.util.stream.Collectors.joining(" < "));
    }

    /** A deliberate sleep on a non-blocking Reactor thread must be seen, or the detector proves nothing. */
    private static void proveItWorks() {
        BLOCKED.clear();
        Scheduler proof = Schedulers.newSingle("blockhound-proof");
        try {
            Mono.fromRunnable(() -> {
                        try {
                            Thread.sleep(1);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    })
                    .subscribeOn(proof)
                    .block();
        } finally {
            proof.dispose();
        }
        if (BLOCKED.isEmpty()) {
            throw new IllegalStateException(
                    "BlockHound did not detect a deliberate Thread.sleep on a non-blocking thread");
        }
    }
}
