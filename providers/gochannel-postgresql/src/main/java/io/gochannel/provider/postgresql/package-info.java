/**
 * The {@code postgresql://} provider: a durable queue in the user's own PostgreSQL, through the
 * PostgreSQL JDBC driver and a HikariCP pool (optional dependencies of the component), woken by
 * LISTEN/NOTIFY on a connection of its own, with polling as the fallback.
 */
package io.gochannel.provider.postgresql;
