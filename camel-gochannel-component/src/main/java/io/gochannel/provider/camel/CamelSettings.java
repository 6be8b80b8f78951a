package io.gochannel.provider.camel;

import io.gochannel.Backoff;
import io.gochannel.support.ProviderUri;
import io.gochannel.support.UriParameter;
import io.gochannel.support.UriParameters;

/**
 * A {@code camel:<endpoint URI with {topic}>} provider URI taken apart and checked once: the inner
 * endpoint's template, and gochannel's own parameters (group, nack backoff). Immutable.
 */
final class CamelSettings {
    /** gochannel's parameters; every other one belongs to the inner endpoint, which checks it. */
    static final UriParameters PARAMETERS = UriParameters.of(
            "camel",
            UriParameter.passedOn(
                    "any other",
                    name -> true,
                    "The inner endpoint's, as written (RAW(...) values"
                            + " included): Camel checks them when the endpoint is created."));

    final ProviderUri uri;
    final EndpointTemplate template;
    final String group;
    /** The URI's nack backoff, or {@code null}: the transport's. */
    final Backoff redelivery;

    private CamelSettings(ProviderUri uri, EndpointTemplate template, String group, Backoff redelivery) {
        this.uri = uri;
        this.template = template;
        this.group = group;
        this.redelivery = redelivery;
    }

    /** @throws IllegalArgumentException naming what is wrong, with secrets masked */
    static CamelSettings of(ProviderUri uri) {
        PARAMETERS.check(uri);
        return new CamelSettings(uri, EndpointTemplate.of(uri), uri.group(), uri.redeliveryBackoff());
    }
}
