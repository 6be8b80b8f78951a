package io.gochannel.spring.boot;

import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Matches once {@code gochannel.provider} or a {@code gochannel.providers.<name>} is set. */
final class GoChannelConfigured extends SpringBootCondition {
    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Binder binder = Binder.get(context.getEnvironment());
        if (binder.bind("gochannel.provider", String.class).isBound()) {
            return ConditionOutcome.match("gochannel.provider is set");
        }
        if (!binder.bind("gochannel.providers", Bindable.mapOf(String.class, String.class))
                .orElse(Map.of())
                .isEmpty()) {
            return ConditionOutcome.match("gochannel.providers is set");
        }
        return ConditionOutcome.noMatch("neither gochannel.provider nor gochannel.providers.<name> is set");
    }
}
