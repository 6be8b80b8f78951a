/**
 * The {@code kafka://} provider: sending through camel-kafka, receiving through kafka-clients with
 * per-partition watermark commits, local redelivery of nacks, and hand-over of partitions when a
 * receive channel closes.
 */
package io.gochannel.provider.kafka;
