package io.gochannel.middleware;

import io.gochannel.Middleware;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.AsyncCallback;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.AsyncProcessorSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns anything the next step throws, exceptions and errors alike ({@code AssertionError},
 * {@code StackOverflowError}, ...), into a failed exchange with that cause: a nack when receiving, a
 * failed send when sending, never a dead consumer thread. Also guards against a step that completes
 * and then throws: the exchange completes once. Put it outermost. Thread-safe.
 */
public final class Recover implements Middleware {
    private static final Logger LOG = LoggerFactory.getLogger(Recover.class);

    @Override
    public Processor wrap(Processor next) {
        AsyncProcessor async = Middleware.asAsync(next);
        return new AsyncProcessorSupport() {
            @Override
            public boolean process(Exchange exchange, AsyncCallback callback) {
                AtomicBoolean done = new AtomicBoolean();
                try {
                    return async.process(exchange, doneSync -> {
                        if (done.compareAndSet(false, true)) {
                            callback.done(doneSync);
                        }
                    });
                } catch (Throwable thrown) {
                    if (!done.compareAndSet(false, true)) {
                        LOG.warn(
                                "a step threw after completing exchange {}; ignored: {}",
                                exchange.getExchangeId(),
                                thrown.toString());
                        return false;
                    }
                    exchange.setException(
                            thrown instanceof Exception e
                                    ? e
                                    : new CamelExecutionException("the handler threw " + thrown, exchange, thrown));
                    callback.done(true);
                    return true;
                }
            }

            @Override
            public String toString() {
                return "Recover";
            }
        };
    }
}
