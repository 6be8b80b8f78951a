package io.gochannel.camel;

import io.gochannel.support.ProviderUri;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

/**
 * Finds a provider's URI by the name an endpoint gives ({@code provider=<name>}):
 * <ul>
 *   <li>no name, or {@code default}: the component's {@code defaultProvider}, else the property
 *       {@code gochannel.provider}, else {@code memory:};</li>
 *   <li>any other name: a provider registered on the component, else the property
 *       {@code gochannel.providers.<name>}.</li>
 * </ul>
 * Properties come from Camel's properties component, so {@code application.properties}, system
 * properties and (in Camel's default override mode) environment variables such as
 * {@code GOCHANNEL_PROVIDERS_ORDERS} all work. Thread-safe.
 */
final class ProviderDirectory {
    static final String DEFAULT_NAME = "default";
    static final String DEFAULT_PROPERTY = "gochannel.provider";
    static final String NAMED_PREFIX = "gochannel.providers.";
    static final String EMBEDDED_DEFAULT = "memory:";

    private final CamelContext camelContext;
    private final Map<String, String> registered = new ConcurrentHashMap<>();
    private volatile String defaultUri;

    ProviderDirectory(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    void setDefaultUri(String uri) {
        this.defaultUri = uri;
    }

    void register(String name, String uri) {
        registered.put(name, ProviderUri.parse(uri).raw());
    }

    /** Whether {@code name} is the default provider. */
    static boolean isDefault(String name) {
        return name == null || name.isBlank() || DEFAULT_NAME.equals(name);
    }

    /**
     * The URI of the provider named {@code name}. Holds secrets: never log it.
     *
     * @throws IllegalArgumentException if no provider has that name, saying how to configure one
     */
    String uriOf(String name) {
        if (isDefault(name)) {
            if (defaultUri != null && !defaultUri.isBlank()) {
                return defaultUri;
            }
            return property(DEFAULT_PROPERTY).orElse(EMBEDDED_DEFAULT);
        }
        String uri = registered.get(name);
        if (uri != null) {
            return uri;
        }
        return property(NAMED_PREFIX + name)
                .orElseThrow(() -> new IllegalArgumentException("no gochannel provider named '" + name
                        + "' is configured: set the property " + NAMED_PREFIX + name
                        + "=<provider URI> (or the environment variable GOCHANNEL_PROVIDERS_"
                        + name.toUpperCase(java.util.Locale.ROOT).replace('-', '_') + "), or leave provider= out to use"
                        + " the default provider; configured names: " + names()));
    }

    /** Where the URI of {@code name} was configured, for error messages: the property to fix. */
    String sourceOf(String name) {
        if (isDefault(name)) {
            if (defaultUri != null && !defaultUri.isBlank()) {
                return "the component option defaultProvider";
            }
            return property(DEFAULT_PROPERTY).isPresent()
                    ? "property " + DEFAULT_PROPERTY + ", or the environment variable" + " GOCHANNEL_PROVIDER"
                    : "the embedded default " + EMBEDDED_DEFAULT;
        }
        if (registered.containsKey(name)) {
            return "registered with GoChannelComponent.registerProvider";
        }
        return "property " + NAMED_PREFIX + name + ", or the environment variable GOCHANNEL_PROVIDERS_"
                + name.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
    }

    /** The names configured, for error messages. */
    SortedSet<String> names() {
        SortedSet<String> names = new TreeSet<>(registered.keySet());
        PropertiesComponent properties = camelContext.getPropertiesComponent();
        Properties found = properties.loadProperties(key -> key.startsWith(NAMED_PREFIX));
        for (String key : found.stringPropertyNames()) {
            names.add(key.substring(NAMED_PREFIX.length()));
        }
        return names;
    }

    private Optional<String> property(String key) {
        return camelContext.getPropertiesComponent().resolveProperty(key).filter(v -> !v.isBlank());
    }
}
