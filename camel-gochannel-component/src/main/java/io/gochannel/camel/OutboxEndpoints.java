package io.gochannel.camel;

import java.util.Iterator;
import java.util.ServiceLoader;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;

/**
 * The transactional outbox as the two components use it: the producer of {@code gochannel:topic?outbox=true}
 * and the consumer of {@code gochannel-outbox:}. The endpoints and their options live here, so that a route
 * is checked the same way with or without the outbox; the outbox itself ships in
 * {@code io.gochannel:gochannel-postgresql}, which registers its implementation in
 * {@code META-INF/services/io.gochannel.camel.OutboxEndpoints}. Without that module both endpoints fail when
 * their route starts, naming it.
 */
public interface OutboxEndpoints {
    /** The artifact that holds the outbox. */
    String ARTIFACT = "io.gochannel:gochannel-postgresql";

    /** The producer of {@code endpoint}, which has {@code outbox=true}: writes in the route's transaction. */
    Producer createProducer(GoChannelEndpoint endpoint) throws Exception;

    /** The consumer of {@code endpoint}: runs the relay while the route runs, handing each relayed batch to {@code processor}. */
    Consumer createConsumer(GoChannelOutboxEndpoint endpoint, Processor processor) throws Exception;

    /**
     * The implementation on the class path of {@code owner}'s loader.
     *
     * @param uri the endpoint that needs it, for the error
     * @throws IllegalStateException naming {@link #ARTIFACT} if it is not there
     */
    static OutboxEndpoints find(Class<?> owner, String uri) {
        Iterator<OutboxEndpoints> found = ServiceLoader.load(OutboxEndpoints.class, owner.getClassLoader())
                .iterator();
        if (!found.hasNext()) {
            throw new IllegalStateException(
                    uri + " needs the transactional outbox, which is not on the class path: add the" + " dependency "
                            + ARTIFACT);
        }
        return found.next();
    }
}
