package io.gochannel.transport;

import io.gochannel.spi.QueueProviderFactory;
import io.gochannel.spi.QueueProviderSpi;
import io.gochannel.support.ProviderUri;
import io.gochannel.support.cloudevents.CloudEventsFormat;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provider factories on the class path, by scheme, found through {@link ServiceLoader} once per class
 * loader: what {@link io.gochannel.QueueProviders#fromUri} asks. Thread-safe.
 */
final class ProviderFactories {
    private static final Logger LOG = LoggerFactory.getLogger(ProviderFactories.class);
    private static final Map<ClassLoader, Loaded> FACTORIES = new ConcurrentHashMap<>();

    /** The artifact of each provider that ships apart from the core, by scheme: what to add when its URI is used without it. */
    private static final Map<String, String> MODULES = Map.of(
            "kafka", "io.gochannel:gochannel-kafka",
            "amqp", "io.gochannel:gochannel-rabbitmq",
            "amqps", "io.gochannel:gochannel-rabbitmq",
            "redis", "io.gochannel:gochannel-redis",
            "rediss", "io.gochannel:gochannel-redis",
            "sqs", "io.gochannel:gochannel-aws",
            "sns", "io.gochannel:gochannel-aws",
            "postgresql", "io.gochannel:gochannel-postgresql");

    /** The factories one class loader sees, by scheme (sorted), and why those that could not be loaded were skipped. */
    private record Loaded(Map<String, QueueProviderFactory> byScheme, List<String> skipped) {}

    private ProviderFactories() {}

    /** The provider {@code uri} names; see {@link io.gochannel.QueueProviders#fromUri(String, CamelContext)}. */
    static QueueProviderSpi create(String uri, CamelContext camelContext) {
        ProviderUri parsed = ProviderUri.parse(uri);
        Loaded loaded = factories();
        QueueProviderFactory factory = loaded.byScheme().get(parsed.scheme());
        if (factory == null) {
            String installed = String.join(", ", loaded.byScheme().keySet());
            // A factory whose jar is there but broken (a class missing) was skipped: say so, or "add the dependency"
            // would send the user after a jar they already have.
            String skipped = loaded.skipped().isEmpty()
                    ? ""
                    : "; provider factories that could not be loaded: " + String.join("; ", loaded.skipped());
            String artifact = MODULES.get(parsed.scheme());
            if (artifact != null) {
                throw new IllegalArgumentException("the " + parsed.scheme() + ": provider is not on the class path: add"
                        + " the dependency " + artifact + " (URI " + parsed.masked() + "; installed providers: "
                        + installed + skipped + ")");
            }
            throw new IllegalArgumentException("unknown provider scheme '" + parsed.scheme() + "' in URI "
                    + parsed.masked() + "; installed providers: " + installed
                    + " (a provider of another scheme is added by putting its jar on the class path)" + skipped);
        }
        CloudEventsFormat cloudEvents = CloudEventsFormat.of(parsed);
        QueueProviderSpi provider =
                camelContext == null ? factory.create(parsed) : factory.create(parsed, camelContext);
        return cloudEvents == null ? provider : new CloudEventsProvider(provider, cloudEvents);
    }

    private static Loaded factories() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = ProviderFactories.class.getClassLoader();
        }
        return FACTORIES.computeIfAbsent(loader, ProviderFactories::load);
    }

    private static Loaded load(ClassLoader loader) {
        Map<String, QueueProviderFactory> byScheme = new TreeMap<>();
        List<String> skipped = new ArrayList<>();
        addFactories(byScheme, skipped, loader);
        // The class loader of the core always sees the built-in providers.
        if (loader != ProviderFactories.class.getClassLoader()) {
            addFactories(byScheme, skipped, ProviderFactories.class.getClassLoader());
        }
        return new Loaded(Collections.unmodifiableMap(byScheme), List.copyOf(skipped));
    }

    /**
     * One factory that cannot load (a broken jar) is skipped with a warning: it must not take the others down. Of two
     * factories of one scheme the first found is used, with a warning naming both.
     */
    private static void addFactories(
            Map<String, QueueProviderFactory> byScheme, List<String> skipped, ClassLoader loader) {
        Iterator<QueueProviderFactory> factories =
                ServiceLoader.load(QueueProviderFactory.class, loader).iterator();
        while (true) {
            try {
                if (!factories.hasNext()) {
                    return;
                }
                QueueProviderFactory factory = factories.next();
                QueueProviderFactory first = byScheme.putIfAbsent(factory.scheme(), factory);
                if (first != null && first.getClass() != factory.getClass()) {
                    LOG.warn(
                            "two gochannel providers serve scheme '{}': {} is used, {} is ignored (remove one of their"
                                    + " jars)",
                            factory.scheme(),
                            first.getClass().getName(),
                            factory.getClass().getName());
                }
            } catch (ServiceConfigurationError e) {
                skipped.add(e.getMessage());
                LOG.warn("a gochannel provider factory cannot be loaded and is skipped: {}", e.getMessage());
            }
        }
    }
}
