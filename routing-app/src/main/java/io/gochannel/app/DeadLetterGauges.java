package io.gochannel.app;

import io.gochannel.camel.GoChannelComponent;
import io.gochannel.support.MeterRegistries;
import io.gochannel.support.ProviderUri;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gauge {@code gochannel.dead.letters.waiting} (Prometheus {@code gochannel_dead_letters_waiting}), tagged
 * {@code topic} and {@code provider}: how many dead letters wait in each of the app's dead-letter topics, as the
 * dead-letter provider counts them for its own consumer group (where the console reads them). Asked of the broker
 * every {@value #EVERY_SECONDS} s on a worker thread of the CamelContext (the timer only hands the work over, and
 * skips a turn while the last one still runs); NaN while unknown: before the first answer, when the broker could
 * not be asked (logged once per problem), or for a provider that cannot tell ({@code camel:}).
 */
final class DeadLetterGauges extends ServiceSupport {
    static final String NAME = "gochannel.dead.letters.waiting";
    static final long EVERY_SECONDS = 10;
    private static final Logger LOG = LoggerFactory.getLogger("io.gochannel.app.console");

    private final CamelContext context;
    /** The last count per dead-letter topic, as {@link Double#doubleToLongBits} (NaN: unknown). */
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

    private final Map<String, String> lastProblem = new ConcurrentHashMap<>();
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private ScheduledExecutorService timer;
    private ExecutorService worker;

    DeadLetterGauges(CamelContext context) {
        this.context = context;
    }

    @Override
    protected void doStart() {
        timer = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "DeadLetterGaugesTimer");
        worker = context.getExecutorServiceManager().newSingleThreadExecutor(this, "DeadLetterGauges");
        timer.scheduleWithFixedDelay(this::handOver, 1, EVERY_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    protected void doStop() {
        if (timer != null) {
            context.getExecutorServiceManager().shutdownNow(timer);
            context.getExecutorServiceManager().shutdownNow(worker);
            timer = null;
            worker = null;
        }
    }

    private void handOver() {
        if (!refreshing.compareAndSet(false, true)) {
            return; // the last refresh still waits for a broker: skip this turn
        }
        try {
            worker.execute(this::refresh);
        } catch (RejectedExecutionException stopping) {
            refreshing.set(false);
        }
    }

    private void refresh() {
        try {
            MeterRegistry registry = (MeterRegistry) MeterRegistries.of(context);
            GoChannelComponent component = context.getComponent("gochannel", GoChannelComponent.class);
            for (DeadLetterTopics.DeadLetterTopic deadLetters :
                    DeadLetterTopics.of(context).values()) {
                AtomicLong count = counts.computeIfAbsent(deadLetters.topic(), topic -> {
                    AtomicLong created = new AtomicLong(Double.doubleToLongBits(Double.NaN));
                    if (registry != null) {
                        Gauge.builder(NAME, created, bits -> Double.longBitsToDouble(bits.get()))
                                .description("dead letters waiting in a dead-letter topic of the app's routes")
                                .tag("topic", topic)
                                .tag("provider", deadLetters.provider())
                                .register(registry);
                    }
                    return created;
                });
                count.set(Double.doubleToLongBits(count(component, deadLetters)));
            }
        } finally {
            refreshing.set(false);
        }
    }

    private double count(GoChannelComponent component, DeadLetterTopics.DeadLetterTopic deadLetters) {
        try {
            OptionalLong waiting = component.waiting(deadLetters.provider(), deadLetters.topic());
            lastProblem.remove(deadLetters.topic());
            return waiting.isPresent() ? waiting.getAsLong() : Double.NaN;
        } catch (RuntimeException e) {
            String problem = ProviderUri.maskFreeText(String.valueOf(e.getMessage()));
            if (!problem.equals(lastProblem.put(deadLetters.topic(), problem))) {
                LOG.warn(
                        "counting the dead letters of topic '{}' failed (the gauge {} reads NaN until it works): {}",
                        deadLetters.topic(),
                        NAME,
                        problem);
            }
            return Double.NaN;
        }
    }
}
