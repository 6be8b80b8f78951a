/**
 * The transactional outbox on PostgreSQL: {@link io.gochannel.outbox.Outbox#write} in the application's
 * transaction, {@link io.gochannel.outbox.Outbox#startRelay} to publish what committed. It shares the
 * PostgreSQL provider's URI and migration ({@code io.gochannel.provider.postgresql}).
 */
package io.gochannel.outbox;
