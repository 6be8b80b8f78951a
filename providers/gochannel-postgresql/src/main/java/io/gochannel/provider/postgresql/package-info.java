/**
 * The {@code postgresql://} provider: a durable queue in the user's own PostgreSQL, through the
 * PostgreSQL JDBC driver and a HikariCP pool, woken by
 * LISTEN/NOTIFY on a connection of its own, with polling as the fallback. Its settings, connections,
 * migration and listener are shared with the outbox, in {@code io.gochannel.support.postgresql}.
 */
package io.gochannel.provider.postgresql;
