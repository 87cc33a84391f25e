package io.github.sigv4gateway.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.read.ListAppender;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.core.env.Environment;
import org.springframework.core.env.StandardEnvironment;

/**
 * The access log's batching writer, on a Logback context of its own, writing to a captured {@code System.out}
 * that counts the writes it receives (what would each be a system call on a real console).
 */
class AccessLogAppenderTests {

    private static final String LOOP_THREAD = "reactor-http-epoll-7";

    private final LoggerContext context = new LoggerContext();
    private final CountingStream console = new CountingStream();
    private PrintStream originalOut;
    private AccessLogAppender appender;

    @BeforeEach
    void captureSystemOut() {
        context.putObject(Environment.class.getName(), new StandardEnvironment());
        context.setMDCAdapter(new LogbackMDCAdapter());
        originalOut = System.out;
        System.setOut(new PrintStream(console, false, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreSystemOut() {
        if (appender != null) {
            appender.stop();
        }
        System.setOut(originalOut);
        context.stop();
    }

    @Test
    void eachLine_isTheBytesTheConsoleAppenderWrites_inPlainAndEcsFormat() throws Exception {
        for (Encoder<ILoggingEvent> encoder : List.of(patternEncoder(), ecsEncoder())) {
            ConsoleAppender<ILoggingEvent> direct = consoleWith(encoder);
            appender = started(List.of(direct), 64);
            LoggingEvent first = accessEvent(7);
            LoggingEvent twin = accessEvent(7);
            twin.setInstant(first.getInstant());

            onThread(LOOP_THREAD, () -> direct.doAppend(first));
            String written = console.takeText();
            onThread(LOOP_THREAD, () -> appender.doAppend(twin));
            String batched = await().atMost(Duration.ofSeconds(5)).until(console::takeText, text -> !text.isEmpty());

            assertThat(batched)
                    .as(
                            "same bytes as the console appender's, %s",
                            encoder.getClass().getSimpleName())
                    .isEqualTo(written)
                    .contains("status=7")
                    .contains(LOOP_THREAD);
            appender.stop();
            direct.stop();
        }
    }

    @Test
    void aBurstOfLines_leavesInFewWrites_eachLineWholeAndInOrder() {
        ConsoleAppender<ILoggingEvent> direct = consoleWith(patternEncoder());
        Logger access = accessLogger(started(List.of(direct), AccessLogAppender.QUEUE_SIZE));
        int lines = 2000;

        for (int i = 0; i < lines; i++) {
            access.info("route=default status={}", i);
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> console.text().lines().count() == lines);

        List<String> written = console.text().lines().toList();
        for (int i = 0; i < lines; i++) {
            assertThat(written.get(i)).endsWith("route=default status=" + i);
        }
        assertThat(console.writes()).as("lines are written in batches").isLessThanOrEqualTo(lines / 20);

        // The control: the console appender itself writes once per line, which the count above would show.
        console.takeText();
        int before = console.writes();
        Logger plain = context.getLogger("plain");
        plain.addAppender(direct);
        for (int i = 0; i < 100; i++) {
            plain.info("line {}", i);
        }
        assertThat(console.writes() - before).isEqualTo(100);
    }

    @Test
    void whenTheWriterIsStuck_linesAreDropped_theCallerNeverWaits_andTheDropIsReported() {
        CountDownLatch release = new CountDownLatch(1);
        console.blockWritesUntil(release);
        ListAppender<ILoggingEvent> warnings = new ListAppender<>();
        warnings.setContext(context);
        warnings.start();
        context.getLogger(AccessLogAppender.class).addAppender(warnings);
        Logger access = accessLogger(started(List.of(consoleWith(patternEncoder())), 16));

        access.info("route=default status={}", 0);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> appender.writer().getState() == Thread.State.WAITING && console.blocked());
        assertTimeoutPreemptively(
                Duration.ofSeconds(10),
                () -> {
                    for (int i = 1; i <= 100; i++) {
                        access.info("route=default status={}", i);
                    }
                },
                "a stuck writer must not hold up the caller");
        assertThat(appender.droppedSinceLastReport())
                .as("16 queued, the rest dropped")
                .isEqualTo(84);

        release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> console.text().lines().count() == 17);
        assertThat(console.text().lines().toList()).last().asString().endsWith("status=16");
        await().atMost(Duration.ofSeconds(5)).until(() -> !warnings.list.isEmpty());
        assertThat(warnings.list.getFirst().getFormattedMessage())
                .isEqualTo("Access log: 84 lines dropped, the writer fell behind and its queue of 16 lines was full");
        assertThat(warnings.list.getFirst().getLevel()).isEqualTo(Level.WARN);
    }

    @Test
    void stop_writesWhatIsQueued_andEndsTheWriter() {
        Logger access = accessLogger(started(List.of(consoleWith(patternEncoder())), 1024));
        for (int i = 0; i < 500; i++) {
            access.info("route=default status={}", i);
        }

        appender.stop();

        assertThat(console.text().lines().count()).isEqualTo(500);
        assertThat(appender.writer().isAlive()).isFalse();

        appender.start();
        assertThat(appender.isStarted())
                .as("a stopped writer thread cannot run again")
                .isFalse();
    }

    @Test
    void whenIdle_theWriterParksUntilTheNextLine() {
        Logger access = accessLogger(started(List.of(consoleWith(patternEncoder())), 64));
        access.info("route=default status={}", 1);

        // Parked in the queue's take(), not polling on a timer: an idle gateway's writer costs nothing.
        await().atMost(Duration.ofSeconds(5)).until(() -> appender.writer().getState() == Thread.State.WAITING);
        access.info("route=default status={}", 2);
        await().atMost(Duration.ofSeconds(5)).until(() -> console.text().contains("status=2"));
    }

    @Test
    void theConsolesFiltersApply() {
        ConsoleAppender<ILoggingEvent> direct = consoleWith(patternEncoder());
        ThresholdFilter warnOnly = new ThresholdFilter(); // what logging.threshold.console sets
        warnOnly.setLevel("WARN");
        warnOnly.start();
        direct.addFilter(warnOnly);
        Logger access = accessLogger(started(List.of(direct), 64));

        access.info("route=default status={}", 200);
        access.warn("route=default status={}", 503);

        await().atMost(Duration.ofSeconds(5)).until(() -> console.text().contains("status=503"));
        assertThat(console.text()).doesNotContain("status=200");
    }

    @Test
    void aLogFile_getsEveryLine_asItsOwnAppenderWritesIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("gateway.log");
        FileAppender<ILoggingEvent> fileAppender = new FileAppender<>();
        fileAppender.setContext(context);
        fileAppender.setFile(file.toString());
        fileAppender.setEncoder(patternEncoder());
        fileAppender.start();
        Logger access = accessLogger(started(List.of(fileAppender, consoleWith(patternEncoder())), 64));

        for (int i = 0; i < 10; i++) {
            access.info("route=default status={}", i);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> console.text().lines().count() == 10);
        appender.stop();

        assertThat(Files.readAllLines(file))
                .hasSize(10)
                .isEqualTo(console.text().lines().toList());
        fileAppender.stop();
    }

    private AccessLogAppender started(List<? extends Appender<ILoggingEvent>> destinations, int capacity) {
        appender = AccessLogAppender.writingTo(context, List.copyOf(destinations), capacity);
        appender.start();
        return appender;
    }

    private Logger accessLogger(AccessLogAppender accessAppender) {
        Logger access = context.getLogger(AccessLogAppender.LOGGER);
        access.addAppender(accessAppender);
        access.setAdditive(false);
        return access;
    }

    private LoggingEvent accessEvent(int status) {
        Logger access = context.getLogger(AccessLogAppender.LOGGER);
        return new LoggingEvent(Logger.FQCN, access, Level.INFO, "route={} method={} status={}", null, new Object[] {
            "default", "GET", status
        });
    }

    private ConsoleAppender<ILoggingEvent> consoleWith(Encoder<ILoggingEvent> encoder) {
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName("CONSOLE");
        appender.setEncoder(encoder);
        appender.start();
        return appender;
    }

    private Encoder<ILoggingEvent> patternEncoder() {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %5level [%thread] %logger : %msg%n");
        encoder.start();
        return encoder;
    }

    private Encoder<ILoggingEvent> ecsEncoder() {
        StructuredLogEncoder encoder = new StructuredLogEncoder();
        encoder.setContext(context);
        encoder.setFormat("ecs");
        encoder.start();
        return encoder;
    }

    private static void onThread(String name, Runnable action) throws InterruptedException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = new Thread(action, name);
        thread.setUncaughtExceptionHandler((t, e) -> failure.set(e));
        thread.start();
        thread.join();
        assertThat(failure.get()).isNull();
    }

    /** What {@code System.out} received, and in how many writes; optionally holding writes until released. */
    private static final class CountingStream extends OutputStream {

        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private int writes;
        private volatile CountDownLatch hold;
        private volatile boolean blocked;

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            CountDownLatch latch = hold;
            if (latch != null) {
                blocked = true;
                try {
                    latch.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                hold = null;
            }
            synchronized (this) {
                bytes.write(b, off, len);
                writes++;
            }
        }

        void blockWritesUntil(CountDownLatch latch) {
            hold = latch;
        }

        boolean blocked() {
            return blocked;
        }

        synchronized int writes() {
            return writes;
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }

        synchronized String takeText() {
            String text = text();
            bytes.reset();
            return text;
        }
    }
}
