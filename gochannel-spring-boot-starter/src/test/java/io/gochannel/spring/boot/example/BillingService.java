package io.gochannel.spring.boot.example;

import io.gochannel.EventEnvelope;
import io.gochannel.Events;
import io.gochannel.spring.boot.InboxRecorder;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;

/** Business code consuming through the inbox: each order billed once, however often it is delivered. */
public class BillingService {
    private final JdbcTemplate jdbc;
    private final InboxRecorder inbox;
    private final String table;
    private final AtomicInteger failures = new AtomicInteger();

    public BillingService(JdbcTemplate jdbc, InboxRecorder inbox, String table) {
        this.jdbc = jdbc;
        this.inbox = inbox;
        this.table = table;
    }

    /** Bills the order; an order whose body starts with {@code fail} fails the first time, after its effect. */
    @Transactional
    public void bill(EventEnvelope envelope) {
        if (!inbox.record("orders.billing", envelope)) {
            return;
        }
        String order = Events.text(envelope.event());
        jdbc.update(
                "INSERT INTO " + table + " (event, applied) VALUES (?, 1) ON CONFLICT (event) DO UPDATE SET applied = "
                        + table.substring(table.indexOf('.') + 1) + ".applied + 1",
                order);
        if (order.startsWith("fail") && failures.getAndIncrement() == 0) {
            throw new IllegalStateException("billing fails once after its effect");
        }
    }
}
