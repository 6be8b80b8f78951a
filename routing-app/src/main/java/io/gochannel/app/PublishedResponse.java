package io.gochannel.app;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/** 202 and a small JSON body, once the broker confirmed the event. */
final class PublishedResponse implements Processor {
    @Override
    public void process(Exchange exchange) {
        Message out = exchange.getMessage();
        out.removeHeaders("*");
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, 202);
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
        out.setBody("{\"topic\":" + Json.quote(exchange.getProperty(PublishRequest.TOPIC, String.class))
                + ",\"status\":\"published\"}");
    }
}
