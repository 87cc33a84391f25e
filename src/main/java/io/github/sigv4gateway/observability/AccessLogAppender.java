package io.github.sigv4gateway.observability;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.Context;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes the access log from a thread of its own, in batches. A console write takes a lock and a system call,
 * and on the event loop it would slow every request; Logback's {@code AsyncAppender} moves it off the loop but
 * still wakes its writer and writes once per line (the system calls are counted in bench/README.md). Here the
 * writer, once woken, lets lines gather for {@value #GATHER_MILLIS}
 * ms between batches, so a busy loop only adds to a queue, and each batch leaves in one write, as nginx's
 * buffered access log does.
 *
 * <p>Lines keep the destinations' formats: console destinations are written through a buffered copy sharing
 * their encoder and filters, any other appender (a log file) gets each line as it would from the logger. The
 * event loop never waits: when the queue is full (the writer is stuck or far behind), lines are dropped rather
 * than requests delayed, and the writer says how many. Stopping writes what is queued.
 */
public final class AccessLogAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

    /** Logger of the access-log lines. */
    public static final String LOGGER = "sigv4.gateway.access";

    static final String NAME = "SIGV4_ACCESS_LOG";
    static final int QUEUE_SIZE = 8192;
    static final long GATHER_MILLIS = 10;
    private static final int MAX_BATCH = 1024;
    private static final long STOP_WAIT_MILLIS = 2000;
    private static final long DROP_REPORT_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final BlockingQueue<ILoggingEvent> queue;
    private final int capacity;
    private final BatchedDestinations destinations;
    private final AtomicLong dropped = new AtomicLong();
    private final Thread writer;
    private long lastDropReport = System.nanoTime() - DROP_REPORT_INTERVAL_NANOS;

    private AccessLogAppender(int capacity, BatchedDestinations destinations) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.capacity = capacity;
        this.destinations = destinations;
        this.writer = new Thread(this::writeUntilStopped, "sigv4-access-log");
        this.writer.setDaemon(true);
    }

    /**
     * An appender writing to the given destinations (usually the root logger's appenders), not yet started.
     * Console appenders are replaced by buffered copies; the others are shared, as an {@code AsyncAppender}'s.
     */
    static AccessLogAppender writingTo(Context context, List<Appender<ILoggingEvent>> destinations, int capacity) {
        AccessLogAppender appender = new AccessLogAppender(capacity, BatchedDestinations.of(context, destinations));
        appender.setContext(context);
        appender.setName(NAME);
        return appender;
    }

    @Override
    public void start() {
        if (isStarted()) {
            return;
        }
        if (writer.getState() != Thread.State.NEW) {
            addError("A stopped access-log appender cannot be started again; install a new one");
            return;
        }
        destinations.bufferedConsoles().forEach(OutputStreamAppender::start);
        super.start();
        writer.start();
    }

    /**
     * On the event loop: what belongs to the calling thread (its name, the MDC) is taken now; the message is
     * formatted by the writer, since the access log's arguments are immutable.
     */
    @Override
    protected void append(ILoggingEvent event) {
        event.getThreadName();
        event.getMDCPropertyMap();
        if (!queue.offer(event)) {
            dropped.incrementAndGet();
        }
    }

    @Override
    public void stop() {
        if (!isStarted()) {
            return;
        }
        super.stop();
        writer.interrupt();
        try {
            writer.join(STOP_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            addWarn("The access-log writer did not finish within " + STOP_WAIT_MILLIS + " ms; " + queue.size()
                    + " lines not written");
        }
        destinations.bufferedConsoles().forEach(OutputStreamAppender::stop);
    }

    private void writeUntilStopped() {
        List<ILoggingEvent> batch = new ArrayList<>(MAX_BATCH);
        try {
            while (true) {
                batch.add(queue.take()); // idle: parked until the next line comes
                queue.drainTo(batch, MAX_BATCH - 1);
                boolean full = batch.size() == MAX_BATCH;
                write(batch);
                if (!full) {
                    // Busy: while the writer sleeps, adding a line wakes nobody.
                    Thread.sleep(GATHER_MILLIS);
                }
            }
        } catch (InterruptedException stopping) {
            // Stopped: what is queued still goes out. The exception cleared the interrupt, so writing it does not
            // meet an interrupted thread (a log file's channel would close on one).
        }
        while (queue.drainTo(batch, MAX_BATCH) > 0) {
            write(batch);
        }
    }

    private void write(List<ILoggingEvent> batch) {
        batch.forEach(destinations::append);
        batch.clear();
        destinations.flush(this);
        reportDrops();
    }

    /** At most one warning per interval, so that an overloaded gateway does not flood its own log. */
    private void reportDrops() {
        if (dropped.get() == 0) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastDropReport < DROP_REPORT_INTERVAL_NANOS) {
            return;
        }
        lastDropReport = now;
        // Through the appender's own logger context: the root's destinations, as the gateway's other lines.
        ((LoggerContext) getContext())
                .getLogger(AccessLogAppender.class)
                .warn(
                        "Access log: {} lines dropped, the writer fell behind and its queue of {} lines was full",
                        dropped.getAndSet(0),
                        capacity);
    }

    /** Lines dropped since the last warning; for tests. */
    long droppedSinceLastReport() {
        return dropped.get();
    }

    /** The writer thread; for tests. */
    Thread writer() {
        return writer;
    }
}
