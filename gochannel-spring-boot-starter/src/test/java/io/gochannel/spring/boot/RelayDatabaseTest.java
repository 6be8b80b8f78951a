package io.gochannel.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Which database the outbox relay reads: gochannel.outbox.database, or Boot's spring.datasource.* turned into one. */
class RelayDatabaseTest {
    @Test
    void bootsDataSourceBecomesAPostgresqlUriWithTheSchemaAndItsSslParameters() {
        assertThat(RelayDatabase.uri(
                        null, "jdbc:postgresql://db:6543/shop?sslmode=verify-full", "shop", "p@ss:w/rd", "sales"))
                .isEqualTo("postgresql://shop:p%40ss%3Aw%2Frd@db:6543/shop?schema=sales&sslmode=verify-full");
        assertThat(RelayDatabase.uri(null, "jdbc:postgresql://db/shop", null, null, "gochannel"))
                .isEqualTo("postgresql://db/shop?schema=gochannel");
    }

    @Test
    void whatTheRelayCannotReadIsRefusedNamingThePropertyToSetAndNoPassword() {
        assertThatThrownBy(() -> RelayDatabase.uri(null, null, null, null, "gochannel"))
                .hasMessageContaining("spring.datasource.url is not set")
                .hasMessageContaining("gochannel.outbox.database=postgresql://");
        assertThatThrownBy(() -> RelayDatabase.uri(null, "jdbc:mysql://db/shop", "u", "secret-pw", "gochannel"))
                .hasMessageContaining("not a jdbc:postgresql://")
                .hasMessageNotContaining("secret-pw");
        assertThatThrownBy(() -> RelayDatabase.uri(
                        null, "jdbc:postgresql://db/shop?currentSchema=x", "u", "secret-pw", "gochannel"))
                .hasMessageContaining("'currentSchema'")
                .hasMessageNotContaining("secret-pw");
        assertThatThrownBy(() -> RelayDatabase.uri(
                        null, "jdbc:postgresql://db/shop?password=secret-pw&x=^", "u", "secret-pw", "gochannel"))
                .hasMessageContaining("cannot be read as a URL")
                .hasMessageNotContaining("secret-pw");
        assertThatThrownBy(
                        () -> RelayDatabase.uri(null, "jdbc:postgresql://db1,db2/shop", "u", "secret-pw", "gochannel"))
                .hasMessageContaining("gochannel.outbox.database")
                .hasMessageNotContaining("secret-pw");
    }

    @Test
    void aConfiguredDatabaseMustNameTheWritersSchema() {
        assertThat(RelayDatabase.uri("postgresql://u:pw@db/shop?schema=sales", null, null, null, "sales"))
                .isEqualTo("postgresql://u:pw@db/shop?schema=sales");
        assertThatThrownBy(() -> RelayDatabase.uri("postgresql://u:secret-pw@db/shop", null, null, null, "sales"))
                .hasMessageContaining("gochannel.outbox.schema sales")
                .hasMessageNotContaining("secret-pw");
    }
}
