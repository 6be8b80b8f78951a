/**
 * The {@code redis://} and {@code rediss://} provider: Redis Streams with consumer groups through the
 * Spring Data Redis and Jedis that camel-spring-redis brings. camel-spring-redis' own endpoint is not
 * used: its consumer speaks only SUBSCRIBE and PSUBSCRIBE (pub/sub, at most once: nothing to ack,
 * nothing kept for a consumer that is away), so it cannot serve a consumer group, and its producer has
 * no stream commands.
 */
package io.gochannel.provider.redis;
