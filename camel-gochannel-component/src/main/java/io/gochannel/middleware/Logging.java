package io.gochannel.middleware;

import io.gochannel.Middleware;
import io.gochannel.ReceivedEvent;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.apache.camel.AsyncCallback;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.Processor;
import org.apache.camel.spi.CamelLogger;
import org.apache.camel.support.AsyncProcessorSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs one line per event once its outcome is known: direction, topic, id and attempt (received),
 * key, body size, outcome and time taken. Successes at {@code level} (default INFO), failures at
 * WARN with the cause. Bodies and context values are never logged: they may hold personal data or
 * secrets. The logger is {@code io.gochannel.events} unless {@link #setLoggerName} says otherwise.
 * Thread-safe once configured.
 */
public final class Logging implements Middleware {
    private Logger logger = LoggerFactory.getLogger("io.gochannel.events");
    private LoggingLevel level = LoggingLevel.INFO;

    @Override
    public Processor wrap(Processor next) {
        AsyncProcessor async = Middleware.asAsync(next);
        CamelLogger success = new CamelLogger(logger, level);
        CamelLogger failed = new CamelLogger(logger, LoggingLevel.WARN);
        return new AsyncProcessorSupport() {
            @Override
            public boolean process(Exchange exchange, AsyncCallback callback) {
                long start = System.nanoTime();
                String what = describe(exchange);
                return async.process(exchange, doneSync -> {
                    try {
                        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                        Exception failure = exchange.getException();
                        if (failure == null) {
                            boolean receiving = Pipelines.received(exchange) != null;
                            success.log(what + ": " + (receiving ? "acked" : "sent") + " in " + millis + " ms");
                        } else {
                            failed.log(what + ": failed in " + millis + " ms: " + failure);
                        }
                    } finally {
                        callback.done(doneSync);
                    }
                });
            }

            @Override
            public String toString() {
                return "Logging[" + logger.getName() + "]";
            }
        };
    }

    private static String describe(Exchange exchange) {
        ReceivedEvent received = Pipelines.received(exchange);
        StringBuilder line = new StringBuilder(received != null ? "received" : "sending");
        line.append(" topic=").append(Pipelines.topic(exchange));
        if (received != null) {
            line.append(" id=").append(received.id()).append(" attempt=").append(received.attempt());
        }
        Object key = exchange.getIn().getHeader(Middleware.KEY_HEADER);
        if (key != null) {
            line.append(" key=").append(key);
        }
        Object body = exchange.getIn().getBody();
        if (body instanceof byte[] bytes) {
            line.append(" bytes=").append(bytes.length);
        }
        return line.toString();
    }

    public String getLoggerName() {
        return logger.getName();
    }

    public void setLoggerName(String loggerName) {
        this.logger = LoggerFactory.getLogger(Objects.requireNonNull(loggerName, "loggerName must not be null"));
    }

    /** The SLF4J logger to write to (instead of a logger name). */
    public void setLogger(Logger logger) {
        this.logger = Objects.requireNonNull(logger, "logger must not be null");
    }

    public LoggingLevel getLevel() {
        return level;
    }

    /** The level of successful events (failures are always WARN). */
    public void setLevel(LoggingLevel level) {
        this.level = Objects.requireNonNull(level, "level must not be null");
    }
}
