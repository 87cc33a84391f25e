package io.github.sigv4gateway.observability;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.Context;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.joran.spi.ConsoleTarget;
import ch.qos.logback.core.spi.ContextAware;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the access log's batches go: console appenders replaced by buffered copies (same encoder and filters, so the
 * same bytes per line), flushed once per batch; any other appender (a log file) shared, getting each line as it
 * would from the logger.
 */
final class BatchedDestinations {

    private static final int CONSOLE_BUFFER_BYTES = 64 * 1024;

    private final List<Appender<ILoggingEvent>> targets;
    private final List<OutputStreamAppender<ILoggingEvent>> bufferedConsoles;

    private BatchedDestinations(
            List<Appender<ILoggingEvent>> targets, List<OutputStreamAppender<ILoggingEvent>> bufferedConsoles) {
        this.targets = targets;
        this.bufferedConsoles = bufferedConsoles;
    }

    static BatchedDestinations of(Context context, List<Appender<ILoggingEvent>> destinations) {
        List<Appender<ILoggingEvent>> targets = new ArrayList<>();
        List<OutputStreamAppender<ILoggingEvent>> buffered = new ArrayList<>();
        for (Appender<ILoggingEvent> destination : destinations) {
            if (destination instanceof ConsoleAppender<ILoggingEvent> console
                    && !console.isWithJansi()
                    && console.getEncoder() != null
                    && ConsoleTarget.findByName(console.getTarget()) != null) {
                OutputStreamAppender<ILoggingEvent> copy = bufferedCopy(context, console);
                buffered.add(copy);
                targets.add(copy);
            } else {
                targets.add(destination);
            }
        }
        return new BatchedDestinations(List.copyOf(targets), List.copyOf(buffered));
    }

    private static OutputStreamAppender<ILoggingEvent> bufferedCopy(
            Context context, ConsoleAppender<ILoggingEvent> console) {
        OutputStreamAppender<ILoggingEvent> copy = new OutputStreamAppender<>();
        copy.setContext(context);
        copy.setName(console.getName() + "-access-batched");
        // The same encoder (encoders are shared across threads anyway) gives the same bytes per line.
        copy.setEncoder(console.getEncoder());
        copy.setImmediateFlush(false);
        // ConsoleTarget's stream looks System.out (or err) up at each write; closing it closes nothing.
        OutputStream target = ConsoleTarget.findByName(console.getTarget()).getStream();
        copy.setOutputStream(new BufferedOutputStream(target, CONSOLE_BUFFER_BYTES));
        console.getCopyOfAttachedFiltersList().forEach(copy::addFilter);
        return copy;
    }

    List<OutputStreamAppender<ILoggingEvent>> bufferedConsoles() {
        return bufferedConsoles;
    }

    void append(ILoggingEvent event) {
        for (Appender<ILoggingEvent> target : targets) {
            target.doAppend(event);
        }
    }

    /** Writes out what the buffered consoles hold; a failure is reported through {@code reporter}. */
    void flush(ContextAware reporter) {
        for (OutputStreamAppender<ILoggingEvent> console : bufferedConsoles) {
            OutputStream stream = console.getOutputStream();
            if (stream == null) {
                continue;
            }
            try {
                stream.flush();
            } catch (IOException e) {
                reporter.addError("Could not write the access log to " + console.getName(), e);
            }
        }
    }
}
