package io.gochannel.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A provider's parameters, declared as data: what they accept, what they refuse and how, and the docs' table. */
class UriParametersTest {
    private static final UriParameters DECLARED = UriParameters.of(
            "demo",
            UriParameter.integer("poolSize", 10, "Connections."),
            UriParameter.bool("fifo", false, "FIFO queues."),
            UriParameter.duration("lease", Duration.ofSeconds(30), "How long a claim holds."),
            UriParameter.choice("queueType", "quorum", "The queue type.", "quorum", "classic"),
            UriParameter.secret("secretKey", "The key."),
            UriParameter.passedOn("any name with a dot", name -> name.contains("."), "Client properties."));

    @Test
    void declaredParametersOfTheRightKindAreAccepted() {
        ProviderUri uri = ProviderUri.parse("demo://h?group=g&redeliveryDelay=250ms&poolSize=3&fifo=TRUE&lease=2s"
                + "&queueType=Classic&secretKey=s3cret&security.protocol=SSL");
        assertThat(DECLARED.check(uri)).isSameAs(uri);
        assertThat(DECLARED.find("security.protocol").name()).isEqualTo("any name with a dot");
        assertThat(DECLARED.find("poolSize").defaultInt()).isEqualTo(10);
        assertThat(DECLARED.find("lease").defaultDuration()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void anUnknownParameterIsRefusedNamingTheAcceptedOnesAndNoSecret() {
        assertThatThrownBy(() -> DECLARED.check(ProviderUri.parse("demo://u:hunter2@h?partitions=3")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown parameter 'partitions'")
                .hasMessageContaining("the demo provider accepts: group, redeliveryDelay, maxRedeliveryDelay, format,"
                        + " cloudevents.mode, cloudevents.source, cloudevents.type, poolSize,"
                        + " fifo, lease, queueType, secretKey, any name with a dot")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void aValueOfTheWrongKindIsRefusedNamingTheParameterAndWhatItTakes() {
        assertThatThrownBy(() -> DECLARED.check(ProviderUri.parse("demo://h?poolSize=many")))
                .hasMessageContaining("parameter 'poolSize'")
                .hasMessageContaining("must be a whole number, got 'many'");
        assertThatThrownBy(() -> DECLARED.check(ProviderUri.parse("demo://h?fifo=yes")))
                .hasMessageContaining("parameter 'fifo'")
                .hasMessageContaining("must be true or false");
        for (String notADuration : new String[] {"soon", "abc", "1x", "-5", "2 s", "2S", ""}) {
            // Camel's own parser reads "abc", "1x" and "2S" as 0 ms: never taken as "at once".
            assertThatThrownBy(() -> DECLARED.check(ProviderUri.parse("demo://h?lease=" + notADuration)))
                    .as(notADuration)
                    .hasMessageContaining("parameter 'lease'")
                    .hasMessageContaining("must be a duration");
        }
        for (String duration : new String[] {"250", "250ms", "2s", "1m30s", "12h"}) {
            assertThat(DECLARED.check(ProviderUri.parse("demo://h?lease=" + duration))
                            .durationParam("lease"))
                    .as(duration)
                    .isPositive();
        }
        assertThatThrownBy(() -> DECLARED.check(ProviderUri.parse("demo://h?queueType=stream")))
                .hasMessageContaining("parameter 'queueType'")
                .hasMessageContaining("one of quorum, classic");
    }

    @Test
    void theTableShowsEveryParameterWithItsKindDefaultAndSecrecy() {
        assertThat(DECLARED.markdownTable())
                .startsWith("| parameter | takes | default | what it does |\n|---|---|---|---|\n")
                .contains("| `group` | text | `default` |")
                .contains("| `poolSize` | integer | `10` | Connections. |")
                .contains("| `lease` | duration | `30s` |")
                .contains("| `queueType` | quorum / classic | `quorum` |")
                .contains("| `secretKey` | text, secret (masked) |  |")
                .contains("| any name with a dot | passed on |  | Client properties. |");
    }

    @Test
    void aParameterAfterASecretIsRefusedWithoutItsNameOrTheUri() {
        // "sslpassword=ab&hunter2=x": a secret holding an unencoded '&' would show its tail as a parameter's name.
        UriParameters withSecret = UriParameters.of("demo", UriParameter.secret("sslpassword", "The key's password."));
        assertThatThrownBy(() -> withSecret.check(ProviderUri.parse("demo://h?sslpassword=ab&hunter2=x")))
                .hasMessageContaining("follows the secret parameter 'sslpassword'")
                .hasMessageContaining("%26")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void aSecretMustBeNamedSoThatMaskingKnowsIt() {
        assertThatThrownBy(() -> UriParameter.secret("auth", "A credential."))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'auth'")
                .hasMessageContaining("would be shown");
        assertThat(UriParameter.secret("authToken", "A credential.").secret()).isTrue();
    }

    @Test
    void aDurationOverAYearIsRefusedBeforeItCanOverflow() {
        assertThatThrownBy(() -> DECLARED.check(ProviderUri.parse("demo://h?lease=200000d")))
                .hasMessageContaining("parameter 'lease'")
                .hasMessageContaining("at most 365 days");
        assertThat(DECLARED.check(ProviderUri.parse("demo://h?lease=365d")).durationParam("lease"))
                .isEqualTo(Duration.ofDays(365));
    }
}
