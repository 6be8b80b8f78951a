package io.gochannel.transport;

import io.gochannel.spi.QueueProviderFactory;
import io.gochannel.spi.QueueProviderSpi;
import io.gochannel.support.ProviderUri;
import java.util.Collections;
import java.util.Iterator;
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
    private static final Map<ClassLoader, Map<String, QueueProviderFactory>> FACTORIES = new ConcurrentHashMap<>();

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

    private ProviderFactories() {}

    /** The provider {@code uri} names; see {@link io.gochannel.QueueProviders#fromUri(String, CamelContext)}. */
    static QueueProviderSpi create(String uri, CamelContext camelContext) {
        ProviderUri parsed = ProviderUri.parse(uri);
        Map<String, QueueProviderFactory> factories = factories();
        QueueProviderFactory factory = factories.get(parsed.scheme());
        if (factory == null) {
            String artifact = MODULES.get(parsed.scheme());
            if (artifact != null) {
                throw new IllegalArgumentException(
                        "the " + parsed.scheme() + ": provider is not on the class path: add the"
                                + " dependency " + artifact + " (URI " + parsed.masked() + "; installed providers: "
                                + String.join(", ", factories.keySet()) + ")");
            }
            throw new IllegalArgumentException("unknown provider scheme '" + parsed.scheme() + "' in URI "
                    + parsed.masked() + "; installed providers: " + String.join(", ", factories.keySet())
                    + " (a provider of another scheme is added by putting its jar on the class path)");
        }
        return camelContext == null ? factory.create(parsed) : factory.create(parsed, camelContext);
    }

    private static Map<String, QueueProviderFactory> factories() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = ProviderFactories.class.getClassLoader();
        }
        return FACTORIES.computeIfAbsent(loader, ProviderFactories::load);
    }

    private static Map<String, QueueProviderFactory> load(ClassLoader loader) {
        Map<String, QueueProviderFactory> byScheme = new TreeMap<>();
        addFactories(byScheme, loader);
        // The class loader of the core always sees the built-in providers.
        if (loader != ProviderFactories.class.getClassLoader()) {
            addFactories(byScheme, ProviderFactories.class.getClassLoader());
        }
        return Collections.unmodifiableMap(byScheme); // sorted: errors list the schemes in order
    }

    /** One factory that cannot load (a broken jar) is skipped with a warning: it must not take the others down. */
    private static void addFactories(Map<String, QueueProviderFactory> byScheme, ClassLoader loader) {
        Iterator<QueueProviderFactory> factories =
                ServiceLoader.load(QueueProviderFactory.class, loader).iterator();
        while (true) {
            try {
                if (!factories.hasNext()) {
                    return;
                }
                QueueProviderFactory factory = factories.next();
                byScheme.putIfAbsent(factory.scheme(), factory);
            } catch (ServiceConfigurationError e) {
                LOG.warn("a gochannel provider factory cannot be loaded and is skipped: {}", e.getMessage());
            }
        }
    }
}
