/**
 * gochannel's Spring Boot auto-configuration: {@link io.gochannel.spring.boot.GoChannelAutoConfiguration} and its
 * {@code gochannel.*} properties, {@link io.gochannel.spring.boot.GoChannelProperties}.
 */
package io.gochannel.spring.boot;
