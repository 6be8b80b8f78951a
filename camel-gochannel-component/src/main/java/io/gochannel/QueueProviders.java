package io.gochannel;

import io.gochannel.spi.ProviderUri;
import io.gochannel.spi.QueueProviderFactory;
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
 * Creates {@link QueueProvider}s from URIs ({@code memory:}, {@code kafka://host:9092?group=g}, ...)
 * by finding the provider of the URI's scheme through {@link java.util.ServiceLoader}, plus typed
 * factories. Thread-safe. Errors are {@link IllegalArgumentException}s that name what is wrong, with
 * credentials masked.
 */
public final class QueueProviders {
    private static final Logger LOG = LoggerFactory.getLogger(QueueProviders.class);
    private static final Map<ClassLoader, Map<String, QueueProviderFactory>> FACTORIES = new ConcurrentHashMap<>();

    /** The artifact of each provider that ships apart from this jar, by scheme: what to add when its URI is used without it. */
    private static final Map<String, String> MODULES = Map.of(
            "kafka", "io.gochannel:gochannel-kafka",
            "amqp", "io.gochannel:gochannel-rabbitmq",
            "amqps", "io.gochannel:gochannel-rabbitmq",
            "redis", "io.gochannel:gochannel-redis",
            "rediss", "io.gochannel:gochannel-redis",
            "sqs", "io.gochannel:gochannel-aws",
            "sns", "io.gochannel:gochannel-aws",
            "postgresql", "io.gochannel:gochannel-postgresql");

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
        ProviderUri parsed = ProviderUri.parse(uri);
        Map<String, QueueProviderFactory> factories = factories();
        QueueProviderFactory factory = factories.get(parsed.scheme());
        if (factory == null) {
            String artifact = MODULES.get(parsed.scheme());
            if (artifact != null) {
                throw new IllegalArgumentException("the " + parsed.scheme() + ": provider is not on the class path: add the"
                        + " dependency " + artifact + " (URI " + parsed.masked() + "; installed providers: "
                        + String.join(", ", factories.keySet()) + ")");
            }
            throw new IllegalArgumentException("unknown provider scheme '" + parsed.scheme() + "' in URI "
                    + parsed.masked() + "; installed providers: " + String.join(", ", factories.keySet())
                    + " (a provider of another scheme is added by putting its jar on the class path)");
        }
        return camelContext == null ? factory.create(parsed) : factory.create(parsed, camelContext);
    }

    /** The embedded in-memory broker of this JVM, group {@code default}. */
    public static QueueProvider memory() {
        return fromUri("memory:");
    }

    /** The embedded in-memory broker of this JVM, as consumer group {@code group}. */
    public static QueueProvider memory(String group) {
        return fromUri("memory:?group=" + io.gochannel.spi.Names.group(group));
    }

    private static Map<String, QueueProviderFactory> factories() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = QueueProviders.class.getClassLoader();
        }
        return FACTORIES.computeIfAbsent(loader, QueueProviders::load);
    }

    private static Map<String, QueueProviderFactory> load(ClassLoader loader) {
        Map<String, QueueProviderFactory> byScheme = new TreeMap<>();
        addFactories(byScheme, loader);
        // The class loader of the API always sees the built-in providers.
        if (loader != QueueProviders.class.getClassLoader()) {
            addFactories(byScheme, QueueProviders.class.getClassLoader());
        }
        return Map.copyOf(byScheme);
    }

    /** One factory that cannot load (a broken jar) is skipped with a warning: it must not take the others down. */
    private static void addFactories(Map<String, QueueProviderFactory> byScheme, ClassLoader loader) {
        Iterator<QueueProviderFactory> factories = ServiceLoader.load(QueueProviderFactory.class, loader).iterator();
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
