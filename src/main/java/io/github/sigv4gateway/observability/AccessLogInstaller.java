package io.github.sigv4gateway.observability;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.GenericApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.ResolvableType;

/**
 * Puts an {@link AccessLogAppender} between the access logger and the root logger's appenders, once Boot has
 * configured logging, so the access log keeps the configured format (plain or structured JSON) and destinations
 * while it is written off the event loop. Without Logback, nothing changes.
 */
public final class AccessLogInstaller implements GenericApplicationListener {

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
        Logger access = context.getLogger(AccessLogAppender.LOGGER);
        if (access.getAppender(AccessLogAppender.NAME) != null) {
            return;
        }
        List<Appender<ILoggingEvent>> destinations = new ArrayList<>();
        context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().forEachRemaining(destinations::add);
        if (destinations.isEmpty()) {
            return;
        }
        AccessLogAppender appender = AccessLogAppender.writingTo(context, destinations, AccessLogAppender.QUEUE_SIZE);
        appender.start();
        access.addAppender(appender);
        access.setAdditive(false);
    }
}
