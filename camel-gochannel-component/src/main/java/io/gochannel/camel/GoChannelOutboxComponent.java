package io.gochannel.camel;

import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

/**
 * {@code gochannel-outbox:}: the transactional outbox relay as a route's consumer. Its providers are the
 * {@code gochannel} component's (configured as {@code gochannel.providers.<name>=<uri>}): the outbox's
 * database is one of them (a {@code postgresql://} URI), the target another, or the default.
 */
@Component("gochannel-outbox")
public class GoChannelOutboxComponent extends DefaultComponent {

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        GoChannelOutboxEndpoint endpoint = new GoChannelOutboxEndpoint(uri, this, remaining);
        setProperties(endpoint, parameters);
        return endpoint;
    }
}
