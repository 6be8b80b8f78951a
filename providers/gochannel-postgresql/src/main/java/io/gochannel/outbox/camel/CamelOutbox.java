package io.gochannel.outbox.camel;

import io.gochannel.camel.GoChannelEndpoint;
import io.gochannel.camel.GoChannelOutboxEndpoint;
import io.gochannel.camel.OutboxEndpoints;
import java.util.function.Supplier;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;

/**
 * The outbox behind the {@code gochannel:} and {@code gochannel-outbox:} endpoints, registered in
 * {@code META-INF/services/io.gochannel.camel.OutboxEndpoints}: the endpoints and their options live in the
 * component, what they do here.
 */
public final class CamelOutbox implements OutboxEndpoints {

    @Override
    public Producer createProducer(GoChannelEndpoint endpoint) {
        return new OutboxProducer(endpoint);
    }

    @Override
    public Consumer createConsumer(
            GoChannelOutboxEndpoint endpoint, Processor processor, Supplier<String> databaseUri) {
        return new OutboxRelayConsumer(endpoint, processor, databaseUri);
    }
}
