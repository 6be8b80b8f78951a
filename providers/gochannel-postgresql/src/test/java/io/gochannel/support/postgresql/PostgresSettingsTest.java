package io.gochannel.support.postgresql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gochannel.EventEnvelope;
import io.gochannel.Events;
import io.gochannel.QueueProvider;
import io.gochannel.ReceiveChannel;
import io.gochannel.SendChannel;
import io.gochannel.Transport;
import io.gochannel.outbox.Outbox;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the queue's and the outbox's settings refuse before anything reaches a database. */
class PostgresSettingsTest {

    @Test
    void onlyAPostgresqlUriIsReadSoNoOtherBrokersPasswordReachesJdbc() {
        // gochannel-outbox:relay?database=<a provider name>: the provider might be a Redis one, with its password.
        assertThatThrownBy(() -> PostgresSettings.parse("redis://:hunter2@redis.example:6379/0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a postgresql:// URI is needed")
                .hasMessageNotContaining("hunter2");
        assertThat(PostgresSettings.parse("postgresql://app:hunter2@db:5432/shop?schema=orders")
                        .schema())
                .isEqualTo("orders");
    }

    @Test
    void anOutboxSchemaIsAPlainIdentifierBecauseItGoesIntoSql() {
        assertThat(PostgresSettings.requireSchema("gochannel")).isEqualTo("gochannel");
        for (String bad : new String[] {"x\"; DROP TABLE t; --", "Orders", "1st", "a-b", ""}) {
            assertThatThrownBy(() -> PostgresSettings.requireSchema(bad))
                    .as(bad)
                    .hasMessageContaining("lower-case SQL identifier");
        }
        // Checked before the connection is touched: this one fails on any call.
        Connection untouchable = (Connection) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    throw new AssertionError("the connection was used: " + method.getName());
                });
        assertThatThrownBy(() -> Outbox.write(
                        untouchable, "x\".gochannel_outbox; --", "orders", List.of(Events.string(Map.of(), "e"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid outbox schema");
    }

    @Test
    void theRelayNeedsATransportOfGoChannelAndSaysSoBeforeMigrating() {
        QueueProvider notAnSpi = new QueueProvider() {
            @Override
            public String uri() {
                return "test:";
            }

            @Override
            public String group() {
                return "default";
            }

            @Override
            public void close() {}
        };
        Transport hand = new Transport() {
            @Override
            public SendChannel<EventEnvelope> send(String topic) {
                throw new UnsupportedOperationException();
            }

            @Override
            public ReceiveChannel<EventEnvelope> receive(String topic) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void shutdown(Duration timeout) {}

            @Override
            public void close() {}

            @Override
            public long undeliveredCount() {
                return 0;
            }

            @Override
            public QueueProvider provider() {
                return notAnSpi;
            }
        };
        // A database that does not exist: were it migrated first, the error would be about connecting.
        assertThatThrownBy(() -> Outbox.startRelay("postgresql://nobody@127.0.0.1:1/none", hand))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs a transport of GoChannel.newTransport");
    }
}
