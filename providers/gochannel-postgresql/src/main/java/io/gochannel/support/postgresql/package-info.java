/**
 * What the PostgreSQL queue ({@code io.gochannel.provider.postgresql}) and the transactional outbox
 * ({@code io.gochannel.outbox}) share, so that neither imports the other: the {@code postgresql://} URI's
 * settings, the connections and pools, the one migration of gochannel's tables, the LISTEN listener, and the
 * context's {@code jsonb} form. Not API.
 */
package io.gochannel.support.postgresql;
