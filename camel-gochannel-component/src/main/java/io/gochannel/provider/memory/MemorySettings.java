package io.gochannel.provider.memory;

import io.gochannel.Backoff;
import io.gochannel.support.ProviderUri;
import io.gochannel.support.UriParameters;

/**
 * A {@code memory:[?group=..&redeliveryDelay=..&maxRedeliveryDelay=..]} URI taken apart and checked
 * once. Immutable.
 */
final class MemorySettings {
    /** The parameters {@code memory:} takes: the common ones only. */
    static final UriParameters PARAMETERS = UriParameters.of("memory");

    final ProviderUri uri;
    final String group;
    /** The URI's nack backoff, or {@code null}: the transport's. */
    final Backoff redelivery;

    private MemorySettings(ProviderUri uri, String group, Backoff redelivery) {
        this.uri = uri;
        this.group = group;
        this.redelivery = redelivery;
    }

    /** @throws IllegalArgumentException naming what is wrong */
    static MemorySettings of(ProviderUri uri) {
        PARAMETERS.check(uri);
        if (!uri.hosts().isEmpty() || !uri.path().isEmpty()) {
            throw new IllegalArgumentException("the memory provider takes no host or path, got " + uri.masked()
                    + ": write 'memory:' or 'memory:?group=name'");
        }
        return new MemorySettings(uri, uri.group(), uri.redeliveryBackoff());
    }
}
