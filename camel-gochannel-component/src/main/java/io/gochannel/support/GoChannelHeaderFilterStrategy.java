package io.gochannel.support;

import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultHeaderFilterStrategy;

/**
 * Which headers travel between a Camel message and an event's context: every header except
 * Camel's own ({@code Camel*}, {@code camel*}, {@code org.apache.camel.*}), in both directions.
 * Camel's internal headers (file names, HTTP methods, delivery metadata of the exchange that
 * arrived) never reach the broker, and a foreign producer cannot set them on a received exchange.
 * The event key travels in its own header, {@link io.gochannel.Middleware#KEY_HEADER}, never as context.
 */
public class GoChannelHeaderFilterStrategy extends DefaultHeaderFilterStrategy {
    // Declared before INSTANCE: static fields initialise in order.
    private static final String[] CAMEL_PREFIXES = {"Camel", "camel", "org.apache.camel."};

    /** The filter every {@code gochannel:} endpoint and the {@code camel:} provider use by default. */
    public static final GoChannelHeaderFilterStrategy INSTANCE = new GoChannelHeaderFilterStrategy();

    public GoChannelHeaderFilterStrategy() {
        setOutFilterStartsWith(CAMEL_PREFIXES);
        setInFilterStartsWith(CAMEL_PREFIXES);
    }

    /**
     * Camel's message headers ignore case ({@code getHeader("CamelHttpUri")} finds {@code CAMELHTTPURI}), while
     * the prefix filter compares them as they are: so the prefixes are compared ignoring case here, or a foreign
     * producer's {@code CAMELFILENAME} would steer a route's {@code file:} endpoint.
     */
    @Override
    public boolean applyFilterToCamelHeaders(String headerName, Object headerValue, Exchange exchange) {
        return isCamelName(headerName) || super.applyFilterToCamelHeaders(headerName, headerValue, exchange);
    }

    @Override
    public boolean applyFilterToExternalHeaders(String headerName, Object headerValue, Exchange exchange) {
        return isCamelName(headerName) || super.applyFilterToExternalHeaders(headerName, headerValue, exchange);
    }

    private static boolean isCamelName(String name) {
        return name != null && ReservedContextNames.startsWithAny(name, java.util.Arrays.asList(CAMEL_PREFIXES));
    }
}
