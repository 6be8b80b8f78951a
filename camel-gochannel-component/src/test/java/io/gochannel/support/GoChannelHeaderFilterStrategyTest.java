package io.gochannel.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Camel's headers never travel between a message and an event, in any case: Camel's message headers ignore
 * case, so a foreign producer's {@code CAMELFILENAME} would otherwise steer a route's {@code file:} endpoint.
 */
class GoChannelHeaderFilterStrategyTest {
    @Test
    void camelsHeadersAreFilteredInAnyCaseBothWaysAndTheApplicationsAreNot() {
        GoChannelHeaderFilterStrategy filter = GoChannelHeaderFilterStrategy.INSTANCE;
        for (String name : List.of(
                "CamelFileName",
                "camelHttpUri",
                "CAMELFILENAME",
                "cAMELHttpUri",
                "CamelPahoOverrideTopic",
                "org.apache.camel.x",
                "ORG.APACHE.CAMEL.x")) {
            assertThat(filter.applyFilterToExternalHeaders(name, "x", null))
                    .as("from a broker: " + name)
                    .isTrue();
            assertThat(filter.applyFilterToCamelHeaders(name, "x", null))
                    .as("to a broker: " + name)
                    .isTrue();
        }
        for (String name : List.of("userId", "traceparent", "orderCamelCase")) {
            assertThat(filter.applyFilterToExternalHeaders(name, "x", null))
                    .as("from a broker: " + name)
                    .isFalse();
            assertThat(filter.applyFilterToCamelHeaders(name, "x", null))
                    .as("to a broker: " + name)
                    .isFalse();
        }
    }
}
