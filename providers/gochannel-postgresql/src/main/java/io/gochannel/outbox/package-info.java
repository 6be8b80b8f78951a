/**
 * The transactional outbox on PostgreSQL: {@link io.gochannel.outbox.Outbox#write} in the application's
 * transaction, {@link io.gochannel.outbox.Outbox#startRelay} to publish what committed. It takes the
 * PostgreSQL provider's URI and shares its schema, migration and listener, through
 * {@code io.gochannel.support.postgresql}.
 */
package io.gochannel.outbox;
