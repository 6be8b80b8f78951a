package io.gochannel;

import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.AsyncProcessorSupport;

/**
 * A synchronous {@link Processor} as an asynchronous one, for {@link Middleware#asAsync}. Unlike
 * Camel's own bridge, which completes the exchange and then rethrows an {@link Error} (the exchange
 * would look successful: an ack), anything thrown becomes the exchange's exception first.
 */
final class SafeAsyncProcessor extends AsyncProcessorSupport {
    private final Processor processor;

    SafeAsyncProcessor(Processor processor) {
        this.processor = processor;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        try {
            processor.process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        } catch (Throwable thrown) {
            exchange.setException(new CamelExecutionException("the handler threw " + thrown, exchange, thrown));
        }
        callback.done(true);
        return true;
    }

    @Override
    public String toString() {
        return processor.toString();
    }
}
