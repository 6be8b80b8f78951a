package io.gochannel.app;

import io.gochannel.support.ProviderUri;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answer to a publish (or a console request) that did not happen: the status of an {@link HttpRefusal} (400 for a
 * reserved context name, 401, 403 for another origin, 404 for a closed (provider, topic) pair, 413, 421 for a host name
 * the console does not answer to, 429 past the cap on created topics);
 * 400 when the request is at fault (an {@link IllegalArgumentException} anywhere in the cause chain:
 * topic, provider name, context), else 503 (the broker refused or could not be reached). The body names the problem, secrets masked.
 */
final class PublishFailureResponse implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger("io.gochannel.app.publish");

    @Override
    public void process(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        HttpRefusal refused = FailureMessages.outermost(failure, HttpRefusal.class);
        Throwable badRequest = FailureMessages.outermost(failure, IllegalArgumentException.class);
        int status = refused != null ? refused.status() : badRequest != null ? 400 : 503;
        String message = refused != null
                ? refused.getMessage()
                : ProviderUri.maskFreeText(FailureMessages.describe(badRequest != null ? badRequest : failure));
        if (status == 503) {
            Object topic = exchange.getProperty(PublishRequest.TOPIC);
            // The console's requests (a replay) answer through here too: name what failed.
            LOG.warn(
                    "{} failed: {}",
                    topic != null
                            ? "publish to topic '" + topic + "'"
                            : "request of route " + exchange.getFromRouteId(),
                    message);
        }
        Message out = exchange.getMessage();
        out.removeHeaders("*");
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
        if (status == 401) {
            out.setHeader("WWW-Authenticate", "Bearer");
        }
        out.setBody("{\"error\":" + Json.quote(message) + "}");
    }
}
