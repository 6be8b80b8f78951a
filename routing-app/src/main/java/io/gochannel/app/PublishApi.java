package io.gochannel.app;

import org.apache.camel.builder.RouteBuilder;

/**
 * {@code POST /topics/{topic}}: publishes the request body as an event and answers once the broker
 * confirmed it: 202 with {@code {"topic":...,"status":"published"}}; 400 naming what is wrong with
 * the request (topic name, provider name, context header); 503 naming why the broker did not take it.
 *
 * <p>Headers {@code X-Context-<name>: <value>} become the event's context ({@code <name>} as given),
 * {@code Content-Type} becomes the {@code content-type} context entry, {@code X-Key} the event's key;
 * no other HTTP header travels. {@code ?provider=<name>} publishes through a named provider instead
 * of the default one.
 */
final class PublishApi extends RouteBuilder {
    static final String ROUTE_ID = "publish-api";

    @Override
    public void configure() {
        onException(Exception.class).handled(true).process(new PublishFailureResponse());

        from("platform-http:/topics/{topic}?httpMethodRestrict=POST&populateBodyWithForm=false").routeId(ROUTE_ID)
                .process(new PublishRequest())
                .toD("gochannel:${exchangeProperty." + PublishRequest.TOPIC + "}?provider=${exchangeProperty."
                        + PublishRequest.PROVIDER + "}")
                .process(new PublishedResponse());
    }
}
