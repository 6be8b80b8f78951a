package io.gochannel.app;

import org.apache.camel.builder.RouteBuilder;

/**
 * {@code POST /topics/{topic}}: publishes the request body as an event and answers once the broker
 * confirmed it: 202 with {@code {"topic":...,"status":"published"}}; 400 naming what is wrong with
 * the request (topic name, provider name, context header); 503 naming why the broker did not take it,
 * or when it did not confirm within {@code gochannel.http.publishTimeout} ms (default 30,000; the
 * event may still be published then: a client that retries may cause a duplicate, never a loss).
 *
 * <p>Headers {@code X-Context-<name>: <value>} become the event's context ({@code <name>} as given;
 * a reserved name, {@link io.gochannel.support.ReservedContextNames}, is a 400), {@code Content-Type} becomes
 * the {@code content-type} context entry, {@code X-Key} the event's key; no other HTTP header travels.
 * {@link PublishAccess} answers 403, 401, 404, 429 and 413 first (another origin, token, the
 * (provider, topic) pairs open to HTTP, the cap on topics created through {@code *}, body size).
 * {@code ?provider=<name>} publishes through a named provider instead of the default one.
 */
final class PublishApi extends RouteBuilder {
    static final String ROUTE_ID = "publish-api";

    private final PublishAccess access;

    /** With checks of its own (the benchmark): the app shares one {@link PublishAccess} with the console. */
    PublishApi() {
        this(new PublishAccess(new BrowserRequests()));
    }

    PublishApi(PublishAccess access) {
        this.access = access;
    }

    @Override
    public void configure() {
        onException(Exception.class).handled(true).process(new PublishFailureResponse());

        // The confirm timeout answers 503 naming the topic; the HTTP server's own timeout, twice as long, is
        // the backstop for what happens before the publish (a broker unreachable while the topic is set up).
        from("platform-http:/topics/{topic}?httpMethodRestrict=POST&populateBodyWithForm=false"
                        + "&requestTimeout={{gochannel.http.publishTimeoutBackstop:60000}}")
                .routeId(ROUTE_ID)
                .process(access)
                .process(new PublishRequest())
                .toD("gochannel:${exchangeProperty." + PublishRequest.TOPIC + "}?provider=${exchangeProperty."
                        + PublishRequest.PROVIDER + "}&confirmTimeout={{gochannel.http.publishTimeout:30000}}")
                .process(new PublishedResponse());
    }
}
