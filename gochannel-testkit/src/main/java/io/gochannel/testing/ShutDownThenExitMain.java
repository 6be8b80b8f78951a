package io.gochannel.testing;

import io.gochannel.EventEnvelope;
import io.gochannel.GoChannel;
import io.gochannel.QueueProviders;
import io.gochannel.ReceiveChannel;
import io.gochannel.Transport;
import java.time.Duration;

/**
 * A receiver process that shuts its transport down and exits, as an application does on SIGTERM: receives
 * one event of a topic through {@code uri} and acks it (so its polls are running), shuts the transport down,
 * prints {@code SHUT DOWN} and exits at once. Arguments: provider URI, topic.
 */
public final class ShutDownThenExitMain {
    public static void main(String[] args) throws Exception {
        Transport transport = GoChannel.newTransport(QueueProviders.fromUri(args[0]));
        ReceiveChannel<EventEnvelope> in = transport.receive(args[1]);
        System.out.println("SUBSCRIBED");
        in.receive().ack();
        transport.shutdown(Duration.ofSeconds(5));
        System.out.println("SHUT DOWN");
        System.exit(0);
    }

    private ShutDownThenExitMain() {}
}
