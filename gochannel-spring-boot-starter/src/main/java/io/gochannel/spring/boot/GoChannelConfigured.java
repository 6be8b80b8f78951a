package io.gochannel.spring.boot;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches once {@code gochannel.provider}, a {@code gochannel.providers.<name>} or a {@code gochannel.outbox.*}
 * property is set; a blank value counts as unset. The one reading of which providers are configured: the
 * condition and the named transports' beans both ask {@link #providerNames}.
 */
final class GoChannelConfigured extends SpringBootCondition {
    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Binder binder = Binder.get(context.getEnvironment());
        if (defaultProviderSet(binder)) {
            return ConditionOutcome.match("gochannel.provider is set");
        }
        if (!providerNames(binder).isEmpty()) {
            return ConditionOutcome.match("gochannel.providers is set");
        }
        if (binder
                .bind("gochannel.outbox", Bindable.mapOf(String.class, String.class))
                .orElse(Map.of())
                .values()
                .stream()
                .anyMatch(value -> value != null && !value.isBlank())) {
            return ConditionOutcome.match("gochannel.outbox is set");
        }
        return ConditionOutcome.noMatch(
                "none of gochannel.provider, gochannel.providers.<name> and gochannel.outbox.* is set");
    }

    /** Whether {@code gochannel.provider} holds a URI (is set and not blank). */
    static boolean defaultProviderSet(Binder binder) {
        return !binder.bind("gochannel.provider", String.class).orElse("").isBlank();
    }

    /** Matches when {@code gochannel.provider} holds a URI: the condition of the default transport's bean. */
    static final class DefaultProvider extends SpringBootCondition {
        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return defaultProviderSet(Binder.get(context.getEnvironment()))
                    ? ConditionOutcome.match("gochannel.provider is set")
                    : ConditionOutcome.noMatch("gochannel.provider is not set");
        }
    }

    /** The names of {@code gochannel.providers.<name>} with a URI that is not blank. */
    static Set<String> providerNames(Binder binder) {
        Set<String> names = new TreeSet<>();
        binder.bind("gochannel.providers", Bindable.mapOf(String.class, String.class))
                .orElse(Map.of())
                .forEach((name, uri) -> {
                    if (uri != null && !uri.isBlank()) {
                        names.add(name);
                    }
                });
        return names;
    }
}
