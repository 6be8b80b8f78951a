package io.gochannel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gochannel.testing.GatedProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.camel.AsyncCallback;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.AsyncProcessorConverterHelper;
import org.apache.camel.support.AsyncProcessorSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Middlewares wrap each send and receive as Camel processors and see the outcome. */
@Timeout(60)
class MiddlewareTest {
    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private Transport transport;

    @AfterEach
    void stop() {
        if (transport != null) {
            transport.shutdown(Duration.ofSeconds(5));
        }
    }

    /** Records "name:before" and "name:after:<outcome>" around next, asynchronously. */
    private static Middleware recording(String name, List<String> log) {
        return next -> new AsyncProcessorSupport() {
            private final AsyncProcessor async = AsyncProcessorConverterHelper.convert(next);

            @Override
            public boolean process(Exchange exchange, AsyncCallback callback) {
                if (exchange.getProperty(Middleware.RECEIVED_EVENT_PROPERTY) == null) {
                    return async.process(exchange, callback); // sending: not recorded
                }
                log.add(name + ":before");
                return async.process(exchange, doneSync -> {
                    Exception failure = exchange.getException();
                    log.add(name + ":after:" + (failure == null ? "ok" : failure.getMessage()));
                    callback.done(doneSync);
                });
            }
        };
    }

    @Test
    void receiveMiddlewaresSeeAckAndNackAndTheFirstIsOutermost() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        String topic = "mw-outcome-" + id;
        transport = GoChannel.newTransport(
                QueueProviders.memory("mw-" + id),
                GoChannel.withMiddlewares(recording("outer", log), recording("inner", log)));
        ReceiveChannel<EventEnvelope> in = transport.receive(topic);
        transport.publish(topic, Events.string(Map.of(), "one")).get(30, TimeUnit.SECONDS);

        EventEnvelope first = in.poll(Duration.ofSeconds(30)).orElseThrow();
        assertThat(log).containsExactly("outer:before", "inner:before");
        first.nack(new IllegalStateException("boom"));
        EventEnvelope again = in.poll(Duration.ofSeconds(30)).orElseThrow();
        assertThat(((ReceivedEvent) again.event()).attempt()).isEqualTo(2);
        again.ack();
        awaitSize(log, 8);
        assertThat(log)
                .containsExactly(
                        "outer:before",
                        "inner:before",
                        "inner:after:boom",
                        "outer:after:boom",
                        "outer:before",
                        "inner:before",
                        "inner:after:ok",
                        "outer:after:ok");
    }

    @Test
    void aMiddlewareCanRetryTheHandOffAndOnlyItsOutcomeReachesTheBroker() throws Exception {
        String topic = "mw-retry-" + id;
        String group = "mw-retry-" + id;
        Middleware retryOnce = next -> new AsyncProcessorSupport() {
            private final AsyncProcessor async = AsyncProcessorConverterHelper.convert(next);

            @Override
            public boolean process(Exchange exchange, AsyncCallback callback) {
                return async.process(exchange, doneSync -> {
                    if (exchange.getException() != null) {
                        exchange.setException(null);
                        async.process(exchange, d -> callback.done(false));
                    } else {
                        callback.done(doneSync);
                    }
                });
            }
        };
        transport = GoChannel.newTransport(QueueProviders.memory(group), GoChannel.withMiddlewares(retryOnce));
        ReceiveChannel<EventEnvelope> in = transport.receive(topic);
        transport.publish(topic, Events.string(Map.of(), "retry me")).get(30, TimeUnit.SECONDS);
        in.poll(Duration.ofSeconds(30)).orElseThrow().nack(new IllegalStateException("first try fails"));
        EventEnvelope retried = in.poll(Duration.ofSeconds(30)).orElseThrow();
        assertThat(Events.text(retried.event())).isEqualTo("retry me");
        assertThat(((ReceivedEvent) retried.event()).attempt())
                .as("retried in place, not redelivered")
                .isEqualTo(1);
        retried.ack();
        io.gochannel.testing.Receiving.awaitAckedOnMemory(topic, group, Duration.ofSeconds(30));
    }

    @Test
    void sendMiddlewaresCanAddContext() throws Exception {
        String topic = "mw-send-" + id;
        Middleware stamp = next -> exchange -> {
            if (exchange.getIn().getHeader("stamped") == null) {
                exchange.getIn().setHeader("stamped", "yes");
            }
            next.process(exchange);
        };
        transport = GoChannel.newTransport(QueueProviders.memory("mw-send-" + id), GoChannel.withMiddlewares(stamp));
        ReceiveChannel<EventEnvelope> in = transport.receive(topic);
        transport.send(topic).send(EventEnvelope.of(Events.withKey(Events.string(Map.of("a", "1"), "body"), "k1")));
        EventEnvelope received = in.poll(Duration.ofSeconds(30)).orElseThrow();
        assertThat(received.event().context()).containsEntry("a", "1").containsEntry("stamped", "yes");
        assertThat(received.event().key()).isEqualTo("k1");
        assertThat(Events.text(received.event())).isEqualTo("body");
        received.ack();
    }

    @Test
    void aMiddlewareThatThrowsNacksInsteadOfKillingTheConsumer() throws Exception {
        String topic = "mw-throw-" + id;
        String group = "mw-throw-" + id;
        boolean[] thrown = new boolean[1];
        Middleware throwsOnce = next -> new Processor() {
            @Override
            public void process(Exchange exchange) throws Exception {
                if (exchange.getProperty(Middleware.TOPIC_PROPERTY) != null
                        && exchange.getIn().getHeader("receiving") == null
                        && !thrown[0]
                        && exchange.getProperty(Middleware.RECEIVED_EVENT_PROPERTY) != null) {
                    thrown[0] = true;
                    throw new IllegalStateException("middleware bug");
                }
                next.process(exchange);
            }
        };
        transport = GoChannel.newTransport(QueueProviders.memory(group), GoChannel.withMiddlewares(throwsOnce));
        ReceiveChannel<EventEnvelope> in = transport.receive(topic);
        transport.send(topic).send(EventEnvelope.of(Events.string(Map.of(), "survives")));
        EventEnvelope received = in.poll(Duration.ofSeconds(30)).orElseThrow();
        assertThat(thrown[0]).isTrue();
        assertThat(((ReceivedEvent) received.event()).attempt())
                .as("redelivered after the nack")
                .isEqualTo(2);
        received.ackWhen(java.util.concurrent.CompletableFuture.completedFuture(null));
    }

    /**
     * A send refused because the buffer is full returns false and leaves the envelope's result alone:
     * the event was not sent, so neither success nor failure may be reported (a select's send case
     * tries again later with the same envelope, and {@code ackWhen(out.result())} must not ack an input
     * whose output was never stored).
     */
    @Test
    void aRefusedSendLeavesTheResultUntouchedAndALaterSendCompletesIt() throws Exception {
        String topic = "mw-refused-" + id;
        GatedProvider gated = new GatedProvider(QueueProviders.memory("mw-refused-" + id), 1);
        Middleware passThrough = next -> next;
        transport = GoChannel.newTransport(
                gated,
                GoChannel.withPublisherCount(1),
                GoChannel.withBufferSize(1),
                GoChannel.withMiddlewares(passThrough));
        ReceiveChannel<EventEnvelope> in = transport.receive(topic);
        SendChannel<EventEnvelope> out = transport.send(topic);
        EventEnvelope held = EventEnvelope.withResult(Events.string(Map.of(), "held"));
        out.send(held);
        await().atMost(Duration.ofSeconds(30)).until(() -> gated.held() == 1); // in the publish that never answers
        EventEnvelope buffered = EventEnvelope.withResult(Events.string(Map.of(), "buffered"));
        assertThat(out.trySend(buffered)).isTrue();

        EventEnvelope refused = EventEnvelope.withResult(Events.string(Map.of(), "refused"));
        assertThat(out.trySend(refused)).as("the buffer is full").isFalse();
        assertThat(out.send(refused, Duration.ofMillis(20))).as("still full").isFalse();
        assertThat(refused.result()).as("a refused send reports nothing").isNotDone();

        gated.open();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> held.result().isDone() && buffered.result().isDone());
        assertThat(out.send(refused, Duration.ofSeconds(30))).isTrue();
        refused.result().get(30, TimeUnit.SECONDS);
        List<String> received = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            EventEnvelope envelope = in.poll(Duration.ofSeconds(30)).orElseThrow();
            received.add(Events.text(envelope.event()));
            envelope.ack();
        }
        assertThat(received).containsExactly("held", "buffered", "refused");
    }

    /**
     * A send middleware that goes asynchronous makes the send return before the event reaches the buffer; if the
     * buffer is full by then, a confirmed envelope's result fails and a fire-and-forget event is counted
     * undelivered: nothing is reported sent, nothing vanishes.
     */
    @Test
    void aRefusalAfterAnAsynchronousMiddlewareReturnedFailsTheResultOrCountsTheEvent() throws Exception {
        String topic = "mw-async-refused-" + id;
        GatedProvider gated = new GatedProvider(QueueProviders.memory("mw-async-refused-" + id), 1);
        // The middleware hands each event on only when the test says so, after the send returned: the order of
        // "the caller was told it was sent" and "the buffer refused it" is the test's, not the scheduler's.
        java.util.concurrent.BlockingQueue<Runnable> handOns = new java.util.concurrent.LinkedBlockingQueue<>();
        Middleware later = next -> new AsyncProcessorSupport() {
            private final AsyncProcessor async = AsyncProcessorConverterHelper.convert(next);

            @Override
            public boolean process(Exchange exchange, AsyncCallback callback) {
                handOns.add(() -> async.process(exchange, doneSync -> callback.done(false)));
                return false;
            }
        };
        transport = GoChannel.newTransport(
                gated, GoChannel.withPublisherCount(1), GoChannel.withBufferSize(1), GoChannel.withMiddlewares(later));
        SendChannel<EventEnvelope> out = transport.send(topic);
        out.send(EventEnvelope.withResult(Events.string(Map.of(), "held")));
        handOns.take().run();
        await().atMost(Duration.ofSeconds(30)).until(() -> gated.held() == 1);
        out.send(EventEnvelope.withResult(Events.string(Map.of(), "buffered")));
        handOns.take().run(); // the buffer (one event) is full now

        EventEnvelope confirmed = EventEnvelope.withResult(Events.string(Map.of(), "too late"));
        assertThat(out.trySend(confirmed))
                .as("returned before the buffer was tried")
                .isTrue();
        assertThat(confirmed.result())
                .as("told it was sent, nothing settled yet")
                .isNotDone();
        handOns.take().run();
        assertThat(confirmed.result()).isCompletedExceptionally();
        assertThat(out.trySend(EventEnvelope.of(Events.string(Map.of(), "lost?"))))
                .isTrue();
        handOns.take().run();
        assertThat(transport.undeliveredCount()).isEqualTo(1);
        gated.open();
    }

    @Test
    void aTransportUsesABorrowedCamelContextAndLeavesItRunning() throws Exception {
        try (org.apache.camel.CamelContext camel = new org.apache.camel.impl.DefaultCamelContext()) {
            camel.start();
            String topic = "mw-borrowed-" + id;
            List<String> log = new CopyOnWriteArrayList<>();
            Transport borrowed = GoChannel.newTransport(
                    camel,
                    QueueProviders.memory("mw-borrowed-" + id),
                    GoChannel.withMiddlewares(recording("only", log)));
            ReceiveChannel<EventEnvelope> in = borrowed.receive(topic);
            borrowed.publish(topic, Events.string(Map.of(), "x")).get(30, TimeUnit.SECONDS);
            in.poll(Duration.ofSeconds(30)).orElseThrow().ack();
            borrowed.shutdown(Duration.ofSeconds(5));
            assertThat(log).contains("only:before");
            assertThat(camel.isStarted())
                    .as("the application's CamelContext is not ours to stop")
                    .isTrue();
        }
    }

    private static void awaitSize(List<String> log, int size) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (log.size() < size && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }
}
