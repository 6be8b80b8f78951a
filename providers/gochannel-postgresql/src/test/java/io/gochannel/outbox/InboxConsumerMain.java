package io.gochannel.outbox;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.gochannel.EventEnvelope;
import io.gochannel.Events;
import io.gochannel.GoChannel;
import io.gochannel.QueueProviders;
import io.gochannel.ReceiveChannel;
import io.gochannel.Transport;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A consumer in a JVM of its own, for the tests that kill it with SIGKILL: receives {@code args[1]} from the provider
 * {@code args[0]} on 4 threads, and processes each message through the inbox of schema {@code args[3]} as consumer
 * {@code args[2]}: its effect adds 1 to the message's counter row in {@code <schema>.inbox_effects}, and it writes a
 * derived event (the same body) for topic {@code args[4]} into the outbox. Each ack reaches the broker {@code
 * args[5]} milliseconds after its commit, so that a kill leaves messages committed and not acked: the broker delivers
 * them again. Prints {@code RECEIVING}, then a line {@code DUPLICATE} per duplicate, and runs until killed.
 */
public final class InboxConsumerMain {
    public static void main(String[] args) throws Exception {
        String schema = args[3];
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:postgresql://127.0.0.1:5432/test");
        config.setUsername("postgres");
        config.setMaximumPoolSize(4);
        HikariDataSource dataSource = new HikariDataSource(config);
        Inbox inbox = Inbox.builder(dataSource).schema(schema).start();
        Transport transport = GoChannel.newTransport(QueueProviders.fromUri(args[0]));
        ReceiveChannel<EventEnvelope> in = transport.receive(args[1]);
        String consumer = args[2];
        String derived = args[4];
        long ackDelay = Long.parseLong(args[5]);
        ScheduledExecutorService acks = Executors.newSingleThreadScheduledExecutor();
        System.out.println("RECEIVING");
        for (int i = 0; i < 4; i++) {
            Thread worker = new Thread(() -> {
                for (EventEnvelope received : in) {
                    CompletableFuture<Void> settled = new CompletableFuture<>();
                    settled.whenComplete((done, failure) -> acks.schedule(
                            () -> {
                                if (failure == null) {
                                    received.ack();
                                } else {
                                    received.nack(failure);
                                }
                            },
                            ackDelay,
                            TimeUnit.MILLISECONDS));
                    EventEnvelope envelope = new EventEnvelope(received.event(), settled);
                    Inbox.Outcome outcome = inbox.process(dataSource, consumer, envelope, (tx, event) -> {
                        String body = new String(event.body(), StandardCharsets.UTF_8);
                        try (PreparedStatement effect = tx.prepareStatement("INSERT INTO " + schema
                                + ".inbox_effects (consumer, event, applied) VALUES (?, ?, 1) ON CONFLICT (consumer,"
                                + " event) DO UPDATE SET applied = inbox_effects.applied + 1")) {
                            effect.setString(1, consumer);
                            effect.setString(2, body);
                            effect.executeUpdate();
                        }
                        Outbox.write(tx, schema, derived, List.of(Events.string(Map.of(), body)));
                    });
                    if (outcome == Inbox.Outcome.DUPLICATE) {
                        System.out.println("DUPLICATE");
                    }
                }
            });
            worker.start();
        }
        new CountDownLatch(1).await();
    }

    private InboxConsumerMain() {}
}
