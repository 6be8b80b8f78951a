/**
 * What the API ({@code io.gochannel}) shares with its implementation ({@code io.gochannel.transport}) without
 * depending on it: the settings a transport is made with, the hook through which the API finds the
 * implementation, and the watchers every channel of the library keeps for {@link io.gochannel.Select}. Not
 * for applications or providers: it may change in any release.
 */
package io.gochannel.internal;
