package io.gochannel.camel;

import java.util.Iterator;
import java.util.ServiceLoader;
import java.util.function.Supplier;
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

    /**
     * The consumer of {@code endpoint}: runs the relay while the route runs, handing each relayed batch to
     * {@code processor}.
     *
     * @param databaseUri gives the URI of the outbox's database as configured, credentials included, never to be
     *     shown; asked when the relay starts (a route that is created but never started needs no database), and
     *     throws {@link IllegalArgumentException} if no provider has the endpoint's {@code database} name
     */
    Consumer createConsumer(GoChannelOutboxEndpoint endpoint, Processor processor, Supplier<String> databaseUri)
            throws Exception;

    /**
     * The implementation on the class path: the thread's context class loader first (an application server's
     * deployment), then {@code owner}'s, as providers are found.
     *
     * @param uri the endpoint that needs it, for the error
     * @throws IllegalStateException naming {@link #ARTIFACT} if it is not there
     */
    static OutboxEndpoints find(Class<?> owner, String uri) {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        Iterator<OutboxEndpoints> found = ServiceLoader.load(
                        OutboxEndpoints.class, context != null ? context : owner.getClassLoader())
                .iterator();
        if (!found.hasNext() && context != null && context != owner.getClassLoader()) {
            found = ServiceLoader.load(OutboxEndpoints.class, owner.getClassLoader())
                    .iterator();
        }
        if (!found.hasNext()) {
            throw new IllegalStateException(
                    uri + " needs the transactional outbox, which is not on the class path: add the dependency "
                            + ARTIFACT);
        }
        return found.next();
    }
}
