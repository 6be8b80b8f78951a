package io.gochannel.middleware;

import static io.gochannel.testing.Receiving.next;
import static org.assertj.core.api.Assertions.assertThat;

import io.gochannel.Event;
import io.gochannel.EventEnvelope;
import io.gochannel.Events;
import io.gochannel.GoChannel;
import io.gochannel.Middleware;
import io.gochannel.Middlewares;
import io.gochannel.QueueProviders;
import io.gochannel.ReceiveChannel;
import io.gochannel.Transport;
import io.gochannel.testing.SettlementLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** Correlation id, deduplication and logging on the embedded broker. */
@Timeout(60)
class CorrelationDeduplicateLoggingTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final String topic = "mw-" + id;
    private final List<Transport> transports = new ArrayList<>();
    private SettlementLog broker;
    private Transport publisher;

    @AfterEach
    void stop() {
        transports.forEach(t -> t.shutdown(Duration.ofSeconds(5)));
    }

    private ReceiveChannel<EventEnvelope> receiving(Middleware... middlewares) {
        publisher = GoChannel.newTransport(QueueProviders.memory("publisher-" + id));
        transports.add(publisher);
        broker = new SettlementLog(QueueProviders.memory("mw-" + id));
        Transport transport = GoChannel.newTransport(broker, GoChannel.withMiddlewares(middlewares));
        transports.add(transport);
        return transport.receive(topic);
    }

    private void publish(Event event) throws Exception {
        publisher.publish(topic, event).get(30, TimeUnit.SECONDS);
    }

    @Test
    void aReceivedEventWithoutCorrelationIdGetsOneAndOneWithAnIdKeepsIt() throws Exception {
        ReceiveChannel<EventEnvelope> in = receiving(Middlewares.correlationId());
        publish(Events.string(Map.of(), "no id"));
        publish(Events.string(Map.of(CorrelationId.CONTEXT_KEY, "req-42"), "has id"));
        for (int i = 0; i < 2; i++) {
            EventEnvelope envelope = next(in, PATIENCE);
            String correlation = CorrelationId.of(envelope.event());
            if (Events.text(envelope.event()).equals("has id")) {
                assertThat(correlation).isEqualTo("req-42");
            } else {
                assertThat(correlation).isNotBlank();
                assertThat(UUID.fromString(correlation)).isNotNull();
            }
            envelope.ack();
        }
    }

    @Test
    void sentEventsGetACorrelationIdAndCarryItOn() throws Exception {
        Transport sender = GoChannel.newTransport(
                QueueProviders.memory("sender-" + id), GoChannel.withMiddlewares(Middlewares.correlationId()));
        transports.add(sender);
        ReceiveChannel<EventEnvelope> in = receiving();
        sender.publish(topic, Events.string(Map.of(), "first")).get(30, TimeUnit.SECONDS);
        EventEnvelope first = next(in, PATIENCE);
        String created = CorrelationId.of(first.event());
        assertThat(created).isNotBlank();
        first.ack();

        sender.publish(topic, Events.string(CorrelationId.carry(first.event()), "reply"))
                .get(30, TimeUnit.SECONDS);
        EventEnvelope reply = next(in, PATIENCE);
        assertThat(CorrelationId.of(reply.event()))
                .as("carried from the received event")
                .isEqualTo(created);
        reply.ack();
    }

    @Test
    void aMessageAlreadyProcessedIsAckedWithoutReachingTheApplication() throws Exception {
        Deduplicate deduplicate = Middlewares.deduplicate(MemoryIdempotentRepository.memoryIdempotentRepository(100));
        deduplicate.setContextKey("event_id");
        ReceiveChannel<EventEnvelope> in = receiving(deduplicate);
        publish(Events.string(Map.of("event_id", "e-1"), "pay 10 EUR"));
        EventEnvelope payment = next(in, PATIENCE);
        payment.ack();
        assertThat(broker.next()).isEqualTo("ack");

        publish(Events.string(Map.of("event_id", "e-1"), "pay 10 EUR")); // published twice by an at-least-once producer
        assertThat(broker.next()).as("the duplicate is acked").isEqualTo("ack");
        publish(Events.string(Map.of("event_id", "e-2"), "pay 20 EUR"));
        EventEnvelope nextOne = next(in, PATIENCE);
        assertThat(Events.text(nextOne.event()))
                .as("the duplicate never reached the application")
                .isEqualTo("pay 20 EUR");
        nextOne.ack();
    }

    @Test
    void aFailedMessageIsNotRememberedSoItsRedeliveryIsProcessed() throws Exception {
        ReceiveChannel<EventEnvelope> in =
                receiving(Middlewares.deduplicate(MemoryIdempotentRepository.memoryIdempotentRepository(100)));
        publish(Events.string(Map.of(), "try again"));
        next(in, PATIENCE).nack(new IllegalStateException("database down"));
        EventEnvelope redelivered = next(in, PATIENCE);
        assertThat(Events.text(redelivered.event())).isEqualTo("try again");
        redelivered.ack();
        assertThat(broker.next()).startsWith("nack:");
        assertThat(broker.next()).isEqualTo("ack");
    }

    @Test
    void aReceivedMessageWithoutTheConfiguredIdIsNackedWithAClearCause() throws Exception {
        Deduplicate deduplicate = new Deduplicate();
        deduplicate.setContextKey("event_id");
        ReceiveChannel<EventEnvelope> in = receiving(deduplicate);
        publish(Events.string(Map.of(), "no id"));
        assertThat(broker.next())
                .startsWith("nack:org.apache.camel.processor.idempotent.NoMessageIdException")
                .contains("event_id");
        in.close();
    }

    @Test
    void loggingWritesOneLinePerEventWithItsOutcomeAndNeverTheBody() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        Logging logging = Middlewares.logging();
        logging.setLogger(new RecordingLogger(lines));
        ReceiveChannel<EventEnvelope> in = receiving(logging);
        publish(Events.withKey(Events.string(Map.of("secret", "s3cr3t"), "private body"), "k1"));
        next(in, PATIENCE).nack(new IllegalStateException("boom"));
        next(in, PATIENCE).ack();
        assertThat(broker.next()).startsWith("nack:");
        assertThat(broker.next()).isEqualTo("ack");
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0))
                .startsWith("WARN received topic=" + topic + " id=")
                .contains("attempt=1", "key=k1", "bytes=12", "failed in", "java.lang.IllegalStateException: boom");
        assertThat(lines.get(1)).startsWith("INFO received topic=" + topic).contains("attempt=2", "acked in");
        assertThat(String.join("\n", lines)).doesNotContain("private body", "s3cr3t");
    }

    /** An SLF4J logger that keeps "LEVEL message" lines. */
    private static final class RecordingLogger extends LegacyAbstractLogger {
        private static final long serialVersionUID = 1L;
        private final transient List<String> lines;

        RecordingLogger(List<String> lines) {
            this.lines = lines;
            this.name = "recording";
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(
                Level level, Marker marker, String pattern, Object[] arguments, Throwable throwable) {
            lines.add(level + " " + MessageFormatter.basicArrayFormat(pattern, arguments));
        }

        @Override
        public boolean isTraceEnabled() {
            return true;
        }

        @Override
        public boolean isDebugEnabled() {
            return true;
        }

        @Override
        public boolean isInfoEnabled() {
            return true;
        }

        @Override
        public boolean isWarnEnabled() {
            return true;
        }

        @Override
        public boolean isErrorEnabled() {
            return true;
        }
    }
}
