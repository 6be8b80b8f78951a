package io.gochannel.provider.camel;

import io.gochannel.support.ProviderUri;
import io.gochannel.Backoff;

/**
 * A {@code camel:<endpoint URI with {topic}>} provider URI taken apart and checked once: the inner
 * endpoint's template, and gochannel's own parameters (group, nack backoff). Immutable.
 */
final class CamelSettings {
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
        return new CamelSettings(uri, EndpointTemplate.of(uri), uri.group(), uri.redeliveryBackoff());
    }
}
