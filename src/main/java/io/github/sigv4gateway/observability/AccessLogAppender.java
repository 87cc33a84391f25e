package io.github.sigv4gateway.observability;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.GenericApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.ResolvableType;

/**
 * Hands the access log to a background thread: a console write takes a lock and a system call, and on the
 * event loop it would slow every request (it halved throughput under load). The access logger's lines go
 * through a Logback {@link AsyncAppender} feeding the same appenders as the root logger, so they keep the
 * configured format (plain or structured JSON). The event loop never waits: when the queue is full (sustained
 * overload), lines are dropped rather than requests delayed. Without Logback, nothing changes.
 */
public final class AccessLogAppender implements GenericApplicationListener {

    /** Logger of the access-log lines. */
    public static final String LOGGER = "sigv4.gateway.access";
    static final String NAME = "SIGV4_ACCESS_ASYNC";
    private static final int QUEUE_SIZE = 8192;

    @Override
    public boolean supportsEventType(ResolvableType eventType) {
        return ApplicationPreparedEvent.class.isAssignableFrom(eventType.toClass());
    }

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        // Logging is (re)initialised while the environment is prepared; by now the appenders are final.
        install();
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    static void install() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        Logger access = context.getLogger(LOGGER);
        if (access.getAppender(NAME) != null) {
            return;
        }
        AsyncAppender async = new AsyncAppender();
        async.setContext(context);
        async.setName(NAME);
        async.setQueueSize(QUEUE_SIZE);
        // Keep INFO lines when the queue fills up (the default drops them at 80%); never block the caller.
        async.setDiscardingThreshold(0);
        async.setNeverBlock(true);
        context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().forEachRemaining(async::addAppender);
        if (!async.iteratorForAppenders().hasNext()) {
            return;
        }
        async.start();
        access.addAppender(async);
        access.setAdditive(false);
    }
}
