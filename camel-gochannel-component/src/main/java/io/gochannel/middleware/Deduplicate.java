package io.gochannel.middleware;

import io.gochannel.Middleware;
import io.gochannel.ReceivedEvent;
import java.util.Objects;
import org.apache.camel.AsyncCallback;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.processor.idempotent.IdempotentConsumer;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.AsyncProcessorSupport;
import org.apache.camel.support.ExpressionAdapter;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import org.apache.camel.support.service.ServiceHelper;

/**
 * Receiving, skips a message whose id was already processed successfully: it is acked without
 * reaching the next step. Camel's Idempotent Consumer EIP does the work with any Camel
 * {@link IdempotentRepository} (default: in memory, the last 10,000 ids; use a JDBC, Redis or
 * Infinispan one to deduplicate across restarts and instances).
 *
 * <p>The id is the broker's message id ({@link ReceivedEvent#id()}), which catches redeliveries, or,
 * with {@link #setContextKey}, an id the producer put in the context, which also catches a message
 * published twice. An id is recorded only once its message was processed successfully, so a failed
 * message is redelivered and processed again, and two copies in flight at once are both processed:
 * this never drops a message that was not done (at-least-once wins over exactly-once). A received
 * message without the id fails with a clear cause (nacked). Sending, it does nothing. Thread-safe once
 * configured.
 */
public final class Deduplicate implements Middleware {
    private IdempotentRepository repository = MemoryIdempotentRepository.memoryIdempotentRepository(10_000);
    private String contextKey;

    /** In memory, by broker id; also the bean constructor. */
    public Deduplicate() {}

    public Deduplicate(IdempotentRepository repository) {
        setRepository(repository);
    }

    @Override
    public Processor wrap(Processor next) {
        String key = contextKey;
        IdempotentRepository repo = repository;
        // eager=false and removeOnFailure=false: the id is added only after success (see the class comment);
        // completionEager: recorded when the next step completes, as pipelines here have no unit of work.
        IdempotentConsumer consumer =
                new IdempotentConsumer(new MessageId(key), repo, false, true, true, false, Middleware.asAsync(next));
        return new AsyncProcessorSupport() {
            private volatile boolean started;

            @Override
            public boolean process(Exchange exchange, AsyncCallback callback) {
                if (Pipelines.received(exchange) == null) {
                    return ((AsyncProcessor) consumer.getProcessor()).process(exchange, callback);
                }
                if (!started) {
                    start(exchange);
                }
                return consumer.process(exchange, callback);
            }

            private synchronized void start(Exchange exchange) {
                if (!started) {
                    CamelContextAware.trySetCamelContext(repo, exchange.getContext());
                    ServiceHelper.startService(repo);
                    started = true;
                }
            }

            @Override
            public String toString() {
                return "Deduplicate[" + (key == null ? "broker id" : key) + "]";
            }
        };
    }

    /** The id of a received exchange: the context entry if configured, else the broker's id. */
    private static final class MessageId extends ExpressionAdapter {
        private final String contextKey;

        MessageId(String contextKey) {
            this.contextKey = contextKey;
        }

        @Override
        public Object evaluate(Exchange exchange) {
            if (contextKey != null) {
                return exchange.getIn().getHeader(contextKey, String.class);
            }
            ReceivedEvent received = Pipelines.received(exchange);
            return received == null ? null : received.id();
        }

        @Override
        public String toString() {
            return contextKey == null ? "the broker's message id" : "the context entry '" + contextKey + "'";
        }
    }

    public IdempotentRepository getRepository() {
        return repository;
    }

    public void setRepository(IdempotentRepository repository) {
        this.repository = Objects.requireNonNull(repository, "repository must not be null");
    }

    public String getContextKey() {
        return contextKey;
    }

    /** Deduplicate by this context entry (set by the producer) instead of the broker's id. */
    public void setContextKey(String contextKey) {
        this.contextKey = contextKey;
    }
}
