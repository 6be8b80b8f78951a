package io.gochannel.testing;

import io.gochannel.EventEnvelope;
import io.gochannel.GoChannel;
import io.gochannel.QueueProviders;
import io.gochannel.ReceiveChannel;
import io.gochannel.Transport;
import java.util.concurrent.CountDownLatch;

/**
 * A consumer process for crash tests: receives {@code count} events of a topic through {@code uri},
 * acks none of them, prints {@code HOLDING <count>} and waits to be killed.
 * Arguments: provider URI, topic, count.
 */
public final class HoldingConsumerMain {
    public static void main(String[] args) throws Exception {
        String uri = args[0];
        String topic = args[1];
        int count = Integer.parseInt(args[2]);
        Transport transport = GoChannel.newTransport(QueueProviders.fromUri(uri));
        ReceiveChannel<EventEnvelope> in = transport.receive(topic);
        System.out.println("SUBSCRIBED");
        for (int held = 1; held <= count; held++) {
            in.receive(); // taken and never settled
        }
        System.out.println("HOLDING " + count);
        new CountDownLatch(1).await(); // until SIGKILL
    }

    private HoldingConsumerMain() {}
}
