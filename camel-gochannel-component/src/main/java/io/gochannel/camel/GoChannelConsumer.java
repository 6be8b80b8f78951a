package io.gochannel.camel;

import io.gochannel.EventEnvelope;
import io.gochannel.Middleware;
import io.gochannel.ReceiveChannel;
import io.gochannel.ReceivedEvent;
import io.gochannel.support.EventMessages;
import io.gochannel.support.UnreadableEvent;
import io.gochannel.transport.SubscriptionHealth;
import io.gochannel.transport.UnreadableReceiver;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.RollbackExchangeException;
import org.apache.camel.ShutdownRunningTask;
import org.apache.camel.Suspendable;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckAware;
import org.apache.camel.spi.ShutdownAware;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes envelopes from a topic's receive channel and routes each as an exchange, asynchronously:
 * the taking thread starts the exchange and goes on to the next envelope; the envelope is acked
 * when the exchange completes and nacked when it fails. How many exchanges are in flight is bounded
 * by the transport's un-acked limit, not by threads.
 *
 * <p>Suspending or stopping gives the consumer's share of the receive channel back: once no
 * consumer holds it, envelopes waiting in it go back to the broker at once, while exchanges in
 * flight still settle theirs (Camel's graceful shutdown waits for them). Waiting envelopes are not
 * reported as pending, so shutdown hands them back instead of draining them.
 *
 * <p>The endpoint's middlewares wrap the route and see its outcome. Anything a route step throws,
 * errors included, nacks. Its health check (camel-health's consumer checks) is UP while it holds an
 * open receive channel.
 */
final class GoChannelConsumer extends DefaultConsumer implements Suspendable, ShutdownAware, HealthCheckAware {
    private static final Logger LOG = LoggerFactory.getLogger(GoChannelConsumer.class);
    /** How often a taking thread checks whether it should stop while its shared channel stays open. */
    private static final Duration POLL = Duration.ofMillis(500);

    private final GoChannelEndpoint endpoint;
    private volatile ReceiverLease lease;
    private ExecutorService takers;
    /** The route, wrapped in the endpoint's middlewares. */
    private AsyncProcessor pipeline;
    /** The endpoint's middlewares around {@link #failUnreadable}: what a message the wire format cannot read meets. */
    private volatile AsyncProcessor unreadablePipeline;
    /** Removes this consumer from the receive channel's unreadable-message sinks. */
    private volatile Runnable removeUnreadableSink;

    private HealthCheck healthCheck;
    /** The group the consumer receives as (the endpoint's, else its provider's), for the log context. */
    private volatile String group;

    GoChannelConsumer(GoChannelEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
        this.healthCheck = new GoChannelConsumerHealthCheck(
                "gochannel-consumer",
                this::healthProblem,
                Map.of(
                        "topic",
                        endpoint.getTopic(),
                        "provider",
                        endpoint.getProvider() == null ? "default" : endpoint.getProvider()));
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        pipeline = Middleware.chain(endpoint.middlewareList(), getProcessor());
        unreadablePipeline = Middleware.chain(endpoint.middlewareList(), GoChannelConsumer::failUnreadable);
        startTaking();
    }

    @Override
    protected void doResume() throws Exception {
        startTaking();
        super.doResume();
    }

    @Override
    protected void doSuspend() throws Exception {
        stopTaking();
        super.doSuspend();
    }

    @Override
    protected void doStop() throws Exception {
        stopTaking();
        super.doStop();
    }

    private void startTaking() {
        ReceiverLease opened = endpoint.openReceiver();
        if (opened.channel() instanceof UnreadableReceiver receiver) {
            // A message the provider's wire format cannot read (format=cloudevents) never reaches the route: the
            // endpoint's middlewares see it fail, so a dead letter moves it.
            removeUnreadableSink = receiver.handUnreadableTo(this::routeUnreadable);
        }
        group = endpoint.receivingGroup();
        lease = opened;
        int threads = Math.max(1, endpoint.getConcurrentConsumers());
        takers = endpoint.getCamelContext()
                .getExecutorServiceManager()
                .newFixedThreadPool(this, "GoChannelConsumer[" + endpoint.getTopic() + "]", threads);
        for (int i = 0; i < threads; i++) {
            takers.execute(() -> take(opened));
        }
    }

    private void stopTaking() {
        Runnable remove = removeUnreadableSink;
        removeUnreadableSink = null;
        if (remove != null) {
            remove.run();
        }
        ReceiverLease held = lease;
        lease = null;
        if (held != null) {
            held.release();
        }
        if (takers != null) {
            endpoint.getCamelContext().getExecutorServiceManager().shutdown(takers);
            takers = null;
        }
    }

    private void take(ReceiverLease held) {
        ReceiveChannel<EventEnvelope> channel = held.channel();
        while (lease == held && isRunAllowed()) {
            Optional<EventEnvelope> next;
            try {
                next = channel.poll(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (next.isPresent()) {
                route(next.get());
            } else if (channel.isClosed()) {
                return;
            }
        }
    }

    private void route(EventEnvelope envelope) {
        route(envelope, pipeline);
    }

    /**
     * A message the wire format could not read: the endpoint's middlewares around a step that fails with the
     * reason, never the route. Not taken ({@code false}) while the consumer is not running.
     */
    private boolean routeUnreadable(EventEnvelope envelope) {
        AsyncProcessor failing = unreadablePipeline;
        if (failing == null || !isRunAllowed() || isSuspendingOrSuspended()) {
            return false;
        }
        route(envelope, failing);
        return true;
    }

    /** Fails the exchange of an unreadable message with its reason (the step the route would have been). */
    private static void failUnreadable(Exchange exchange) {
        if (exchange.getProperty(Middleware.RECEIVED_EVENT_PROPERTY) instanceof UnreadableEvent unreadable) {
            exchange.setException(unreadable.problem());
        } else {
            exchange.setException(new IllegalStateException("an unreadable message without its reason"));
        }
    }

    private void route(EventEnvelope envelope, AsyncProcessor pipeline) {
        Exchange exchange = createExchange(false);
        AtomicBoolean settled = new AtomicBoolean();
        LogContext.Scope logScope = null;
        try {
            toMessage(envelope, exchange.getIn());
            // The settle may run on the thread that completed the exchange: its lines carry the same entries.
            Map<String, String> logEntries =
                    LogContext.received(exchange, endpoint.getTopic(), group, endpoint.getProvider());
            logScope = LogContext.restore(logEntries);
            exchange.setProperty(Middleware.TOPIC_PROPERTY, endpoint.getTopic());
            if (envelope.event() instanceof ReceivedEvent received) {
                exchange.setProperty(Middleware.RECEIVED_EVENT_PROPERTY, received);
            }
            pipeline.process(exchange, doneSync -> {
                try (LogContext.Scope settling = LogContext.restore(logEntries)) {
                    settleOnce(exchange, envelope, settled);
                }
            });
        } catch (Throwable thrown) {
            // The mapping or a route step that throws instead of failing the exchange (Camel lets an Error
            // such as StackOverflowError through): a nack, never a dead consumer thread. If the exchange
            // completed before the throw, that first outcome stands.
            LOG.warn("routing a message of topic '{}' threw {}", endpoint.getTopic(), thrown.toString());
            if (!settled.get()) {
                exchange.setException(
                        thrown instanceof Exception e
                                ? e
                                : new CamelExecutionException("a route step threw " + thrown, exchange, thrown));
            }
            settleOnce(exchange, envelope, settled);
        } finally {
            if (logScope != null) {
                logScope.close();
            }
        }
    }

    private void settleOnce(Exchange exchange, EventEnvelope envelope, AtomicBoolean settled) {
        if (settled.compareAndSet(false, true)) {
            settle(exchange, envelope);
        }
    }

    private void toMessage(EventEnvelope envelope, Message message) {
        EventMessages.write(envelope.event(), message, endpoint.getHeaderFilterStrategy());
        message.setHeader(GoChannelConstants.TOPIC, endpoint.getTopic());
        message.setHeader(GoChannelConstants.GROUP, group);
        if (envelope.event() instanceof ReceivedEvent received) {
            message.setHeader(GoChannelConstants.EVENT_ID, received.id());
            message.setHeader(GoChannelConstants.ATTEMPT, received.attempt());
            message.setHeader(GoChannelConstants.TIMESTAMP, received.timestamp());
        }
    }

    private void settle(Exchange exchange, EventEnvelope envelope) {
        try {
            Throwable failure = exchange.getException();
            if (failure == null && exchange.isRollbackOnly()) {
                failure = new RollbackExchangeException("the exchange was marked rollback only", exchange);
            }
            if (failure == null) {
                envelope.ack();
            } else {
                LOG.warn(
                        "exchange {} from topic '{}' failed; the message is nacked and will be redelivered: {}",
                        exchange.getExchangeId(),
                        endpoint.getTopic(),
                        failure.toString());
                envelope.nack(failure);
            }
        } finally {
            releaseExchange(exchange, false);
        }
    }

    @Override
    public GoChannelEndpoint getEndpoint() {
        return endpoint;
    }

    /** Why this consumer is not receiving, or {@code null} if it is. */
    String healthProblem() {
        if (!isStarted()) {
            return "the consumer of topic '" + endpoint.getTopic() + "' is "
                    + getStatus().name().toLowerCase(java.util.Locale.ROOT);
        }
        ReceiverLease held = lease;
        if (held == null) {
            return "the consumer of topic '" + endpoint.getTopic() + "' holds no receive channel";
        }
        if (held.channel().isClosed()) {
            return "the receive channel of topic '" + endpoint.getTopic() + "' is closed (the transport shut down)";
        }
        if (held.channel() instanceof SubscriptionHealth health) {
            String problem = health.subscriptionProblem();
            if (problem != null) {
                return "the consumer of topic '" + endpoint.getTopic() + "' cannot receive: " + problem;
            }
        }
        return null;
    }

    @Override
    public HealthCheck getHealthCheck() {
        return healthCheck;
    }

    @Override
    public void setHealthCheck(HealthCheck healthCheck) {
        this.healthCheck = healthCheck;
    }

    @Override
    public boolean deferShutdown(ShutdownRunningTask shutdownRunningTask) {
        return false;
    }

    @Override
    public int getPendingExchangesSize() {
        return 0; // waiting envelopes are handed back to the broker, never drained at shutdown
    }

    @Override
    public void prepareShutdown(boolean suspendOnly, boolean forced) {
        // nothing to prepare: suspend/stop hand the share back
    }
}
