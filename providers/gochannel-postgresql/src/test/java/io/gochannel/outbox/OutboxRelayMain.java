package io.gochannel.outbox;

import io.gochannel.GoChannel;
import io.gochannel.QueueProviders;
import io.gochannel.Transport;
import java.util.concurrent.CountDownLatch;

/**
 * A relay in a JVM of its own, for the test that kills it with SIGKILL: relays the outbox of the first
 * argument's URI to the provider of the second, prints {@code RELAYING}, and runs until killed.
 */
public final class OutboxRelayMain {
    public static void main(String[] args) throws Exception {
        Transport target = GoChannel.newTransport(QueueProviders.fromUri(args[1]));
        Outbox.startRelay(args[0], target);
        System.out.println("RELAYING");
        new CountDownLatch(1).await();
    }

    private OutboxRelayMain() {}
}
