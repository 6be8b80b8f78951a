/**
 * The built-in {@link io.gochannel.Middleware}s, one a file, each usable in a transport
 * ({@link io.gochannel.GoChannel#withMiddlewares}) and on a {@code gochannel:} endpoint
 * ({@code middlewares=#retry,#deadLetter}, beans declared in Java or YAML). {@link io.gochannel.Middlewares}
 * is the short way to build them.
 *
 * <p>Order matters: the first middleware given is the outermost. The usual receive stack is
 * {@code recover, logging, correlationId, deduplicate, deadLetter, retry, timeout, throttle}: the dead
 * letter sees what is left after retrying, each retry attempt gets its own timeout.
 */
package io.gochannel.middleware;
