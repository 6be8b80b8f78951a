/**
 * The opt-in CloudEvents wire format ({@code format=cloudevents} in any provider URI), built on the CloudEvents
 * Java SDK: {@link io.gochannel.support.cloudevents.CloudEventsFormat} maps events to CloudEvents and back,
 * {@link io.gochannel.support.cloudevents.CloudEventsBinding} names the headers per broker.
 */
package io.gochannel.support.cloudevents;
