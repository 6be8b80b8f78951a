package io.gochannel.middleware;

import io.gochannel.Event;
import io.gochannel.Middleware;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.service.ServiceHelper;

/**
 * {@link DeadLetterTarget#endpoint}: one asynchronous producer per CamelContext (created on the first
 * dead letter, stopped with the context), fed exchanges whose body is the event's body, headers its
 * context and {@link Middleware#KEY_HEADER} its key.
 */
final class EndpointDeadLetterTarget implements DeadLetterTarget {
    private final String uri;
    private volatile AsyncProducer producer;
    private volatile CamelContext producerContext;

    EndpointDeadLetterTarget(String uri) {
        this.uri = Objects.requireNonNull(uri, "the dead-letter endpoint URI must not be null");
    }

    @Override
    public CompletionStage<Void> publish(Event deadLetter, Exchange failed) {
        CompletableFuture<Void> confirmed = new CompletableFuture<>();
        try {
            CamelContext context = failed.getContext();
            Exchange exchange = new DefaultExchange(context);
            exchange.getIn().setBody(deadLetter.body());
            exchange.getIn().getHeaders().putAll(deadLetter.context());
            if (deadLetter.key() != null) {
                exchange.getIn().setHeader(Middleware.KEY_HEADER, deadLetter.key());
            }
            producer(context).process(exchange, doneSync -> {
                if (exchange.getException() != null) {
                    confirmed.completeExceptionally(exchange.getException());
                } else {
                    confirmed.complete(null);
                }
            });
        } catch (Exception e) {
            confirmed.completeExceptionally(e);
        }
        return confirmed;
    }

    private AsyncProducer producer(CamelContext context) throws Exception {
        AsyncProducer current = producer;
        if (current != null && producerContext == context) {
            return current;
        }
        synchronized (this) {
            if (producer == null || producerContext != context) {
                AsyncProducer created = context.getEndpoint(uri).createAsyncProducer();
                context.addService(created, true, true); // started now, stopped with the context
                ServiceHelper.startService(created);
                producer = created;
                producerContext = context;
            }
            return producer;
        }
    }

    String uri() {
        return uri;
    }

    @Override
    public String describe() {
        return "endpoint " + uri;
    }

    @Override
    public String toString() {
        return "DeadLetterTarget[" + uri + "]";
    }
}
