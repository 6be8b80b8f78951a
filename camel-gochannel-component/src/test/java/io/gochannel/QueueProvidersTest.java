package io.gochannel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gochannel.spi.QueueProviderSpi;
import io.gochannel.support.ProviderUri;
import io.gochannel.support.UriParameters;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class QueueProvidersTest {

    @Test
    void parsesHostsUserInfoPathAndParameters() {
        ProviderUri uri = ProviderUri.parse("amqp://app:s3cr%40t@rabbit:5672/prod?group=billing&prefetch=50");
        assertThat(uri.scheme()).isEqualTo("amqp");
        assertThat(uri.user()).isEqualTo("app");
        assertThat(uri.password()).isEqualTo("s3cr@t");
        assertThat(uri.hosts()).containsExactly("rabbit:5672");
        assertThat(uri.path()).isEqualTo("/prod");
        assertThat(uri.group()).isEqualTo("billing");
        assertThat(uri.intParam("prefetch", 1)).isEqualTo(50);

        ProviderUri kafka = ProviderUri.parse("kafka://k1:9092,k2:9092");
        assertThat(kafka.hosts()).containsExactly("k1:9092", "k2:9092");
        assertThat(kafka.group()).isEqualTo("default");
    }

    @Test
    void secretsNeverAppearInTheMaskedFormOrInErrors() {
        ProviderUri uri =
                ProviderUri.parse("sqs://localhost:4566?region=us-east-1&secretKey=abc123&accessKey=AKIA9&password=pw");
        assertThat(uri.toString())
                .doesNotContain("abc123", "AKIA9", "=pw")
                .contains("region=us-east-1", "secretKey=***");
        assertThat(ProviderUri.parse("amqp://u:hunter2@h:5672").masked()).isEqualTo("amqp://u:***@h:5672");
        assertThatThrownBy(() -> UriParameters.of("amqp").check(ProviderUri.parse("amqp://u:hunter2@h:5672?x=1")))
                .hasMessageContaining("unknown parameter 'x'")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> ProviderUri.parse("amqp://u:hunter2@h:5672?prefetch=many")
                        .intParam("prefetch", 1))
                .hasMessageContaining("prefetch")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> QueueProviders.fromUri("nosuch://u:hunter2@h:1"))
                .hasMessageContaining("nosuch")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void malformedUrisAreClearErrors() {
        assertThatThrownBy(() -> QueueProviders.fromUri(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> QueueProviders.fromUri("localhost:9092x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> QueueProviders.fromUri("no-scheme-here"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no scheme");
        assertThatThrownBy(() -> QueueProviders.fromUri("memory:?group"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name=value");
    }

    @Test
    void aSchemeWithoutAProviderNamesTheInstalledOnesAndNoSecret() {
        assertThatThrownBy(() -> QueueProviders.fromUri("zeromq://guest:hunter2@localhost:5555"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown provider scheme 'zeromq'")
                .hasMessageContaining("memory")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void aRedeliveryBackoffInAUriIsCheckedAndNamed() {
        try (QueueProviderSpi provider = spi("memory:?redeliveryDelay=250ms&maxRedeliveryDelay=2s")) {
            Backoff backoff = provider.capabilities().redelivery();
            assertThat(backoff).isEqualTo(Backoff.exponential(Duration.ofMillis(250), Duration.ofSeconds(2)));
            assertThat(backoff.delayAfter(1)).isEqualTo(Duration.ofMillis(250));
            assertThat(backoff.delayAfter(3)).isEqualTo(Duration.ofSeconds(1));
            assertThat(backoff.delayAfter(30)).isEqualTo(Duration.ofSeconds(2));
        }
        try (QueueProviderSpi provider = spi("memory:?redeliveryDelay=0")) {
            assertThat(provider.capabilities().redelivery().delayAfter(7)).isZero();
        }
        try (QueueProviderSpi provider = spi("memory:")) {
            assertThat(provider.capabilities().redelivery())
                    .as("the transport's applies")
                    .isNull();
        }
        assertThatThrownBy(() -> QueueProviders.fromUri("memory:?redeliveryDelay=soon"))
                .hasMessageContaining("redeliveryDelay")
                .hasMessageContaining("250ms");
        assertThatThrownBy(() -> QueueProviders.fromUri("memory:?redeliveryDelay=5s&maxRedeliveryDelay=1s"))
                .hasMessageContaining("maxRedeliveryDelay");
        assertThat(Backoff.DEFAULT.delayAfter(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(Backoff.DEFAULT.delayAfter(100)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void memoryUrisTakeOnlyAGroup() {
        try (QueueProviderSpi provider = spi("memory:?group=reports")) {
            assertThat(provider.group()).isEqualTo("reports");
            assertThat(provider.uri()).isEqualTo("memory:?group=reports");
            assertThat(provider.capabilities().canReceive()).isTrue();
        }
        assertThat(QueueProviders.memory().group()).isEqualTo("default");
        assertThat(QueueProviders.fromUri("MEMORY:").group()).isEqualTo("default");
        assertThatThrownBy(() -> QueueProviders.fromUri("memory:?partitions=3"))
                .hasMessageContaining("unknown parameter 'partitions'")
                .hasMessageContaining("group");
        assertThatThrownBy(() -> QueueProviders.fromUri("memory://somehost:1")).hasMessageContaining("takes no host");
        assertThatThrownBy(() -> QueueProviders.memory("bad group")).hasMessageContaining("invalid group name");
        assertThatThrownBy(() -> QueueProviders.memory("a&redeliveryDelay=0"))
                .as("a name cannot smuggle parameters in")
                .hasMessageContaining("invalid group name");
    }

    /** A provider as a transport sees it: every provider the factories make is one. */
    private static QueueProviderSpi spi(String uri) {
        return (QueueProviderSpi) QueueProviders.fromUri(uri);
    }
}
