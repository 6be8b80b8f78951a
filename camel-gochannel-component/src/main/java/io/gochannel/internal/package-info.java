/**
 * What the API ({@code io.gochannel}) shares with its implementation ({@code io.gochannel.transport}) without
 * depending on it: the settings a transport is made with, the hook through which the API finds the
 * implementation, the watchers every channel of the library keeps for {@link io.gochannel.Select}, and the two
 * helpers the API's own code needs (daemon threads, unwrapping a future's failure), which
 * {@code io.gochannel.support} passes on to providers. Part of the API's layer (it names API types, and the API
 * uses it), but not for applications or providers: it may change in any release.
 */
package io.gochannel.internal;
