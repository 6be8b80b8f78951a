package io.gochannel.testing;

import io.gochannel.EventEnvelope;
import io.gochannel.Events;
import io.gochannel.GoChannel;
import io.gochannel.QueueProviders;
import io.gochannel.Transport;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A process that publishes one event through {@code uri} and receives it back, for tests that need a
 * JVM of its own (its own trust store, say). Prints {@code ROUND TRIP OK} on success, else the failure's
 * messages, and exits. Arguments: provider URI, topic.
 */
public final class RoundTripMain {
    public static void main(String[] args) {
        try (Transport transport = GoChannel.newTransport(QueueProviders.fromUri(args[0]))) {
            var in = transport.receive(args[1]);
            transport.publish(args[1], Events.string(Map.of(), "round trip")).get(60, TimeUnit.SECONDS);
            EventEnvelope received = in.poll(Duration.ofSeconds(60)).orElseThrow();
            received.ack();
            System.out.println(Events.text(received.event()).equals("round trip") ? "ROUND TRIP OK" : "WRONG BODY");
        } catch (Throwable e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                System.out.println("FAILED: " + t);
            }
        }
        System.exit(0);
    }

    private RoundTripMain() {}
}
