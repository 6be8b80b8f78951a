package io.gochannel;

import io.gochannel.internal.Implementation;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.apache.camel.CamelContext;

/**
 * Creates {@link QueueProvider}s from URIs ({@code memory:}, {@code kafka://host:9092?group=g}, ...)
 * by finding the provider of the URI's scheme through {@link java.util.ServiceLoader}: each broker's
 * module ({@code io.gochannel:gochannel-kafka}, ...) registers its own. Thread-safe. Errors are
 * {@link IllegalArgumentException}s that name what is wrong, with credentials masked.
 */
public final class QueueProviders {

    private QueueProviders() {}

    /**
     * Creates the provider a URI names.
     *
     * @throws IllegalArgumentException if the URI is malformed, its scheme has no provider (naming the
     *     artifact to add for gochannel's own brokers, else the installed schemes), or the provider refuses
     *     its parameters
     */
    public static QueueProvider fromUri(String uri) {
        return fromUri(uri, null);
    }

    /**
     * Creates the provider a URI names, letting it use {@code camelContext} (may be {@code null}):
     * the {@code camel:} provider then resolves its inner endpoints there, with the components the
     * application configured. The provider never stops that context.
     *
     * @throws IllegalArgumentException as {@link #fromUri(String)}
     */
    public static QueueProvider fromUri(String uri, CamelContext camelContext) {
        return Implementation.get().provider(uri, camelContext);
    }

    /** The embedded in-memory broker of this JVM, group {@code default}. */
    public static QueueProvider memory() {
        return fromUri("memory:");
    }

    /**
     * The embedded in-memory broker of this JVM, as consumer group {@code group}.
     *
     * @throws IllegalArgumentException if {@code group} is not a valid group name
     */
    public static QueueProvider memory(String group) {
        if (group == null) {
            throw new IllegalArgumentException("invalid group name null: use 1 to 80 letters, digits, '-' or '_'");
        }
        // Encoded, so that a name holding & or = is refused as a name instead of read as more parameters.
        return fromUri("memory:?group=" + URLEncoder.encode(group, StandardCharsets.UTF_8));
    }
}
