/**
 * The provider SPI: what a broker adapter implements so that a {@link io.gochannel.Transport} can
 * run on it. A provider is a {@link io.gochannel.spi.QueueProviderFactory} (found by URI scheme
 * through {@link java.util.ServiceLoader}) making {@link io.gochannel.spi.QueueProviderSpi}s: the
 * {@link io.gochannel.QueueProvider}s applications hold. This package is the contract and nothing else;
 * helpers providers may use are in {@link io.gochannel.support}, and the contract kit that checks a provider
 * is {@code io.gochannel:gochannel-testkit}.
 *
 * <h2>The four things a provider does</h2>
 * <ol>
 *   <li><b>Provision</b> ({@code provision(topic)}): create the topic and the group's place to read
 *       from, idempotently, once per topic.</li>
 *   <li><b>Publish with a confirm</b> ({@code publish(topic, batch)} returning a stage): asynchronous,
 *       batched, completed only on the broker's confirmation.</li>
 *   <li><b>Subscribe with settlement handles</b> ({@code subscribe} pushing {@link io.gochannel.spi.Delivery}s
 *       to a {@link io.gochannel.spi.DeliveryHandler}): each delivery is acked or nacked exactly once,
 *       later, from any thread.</li>
 *   <li><b>Flow control</b> ({@link io.gochannel.spi.Subscription#pause()} / {@code resume()}): the
 *       transport counts un-acked deliveries and pauses at its bound
 *       ({@link io.gochannel.spi.DeliveryHandler#maxUnsettled()}); a paused provider hands out at most
 *       that many more.</li>
 * </ol>
 * A nack carries a redelivery delay ({@link io.gochannel.spi.Delivery#nack}, from the
 * {@link io.gochannel.Backoff} of the transport or the URI): the provider uses the
 * broker's own delay where it has one and otherwise delays locally, never with a thread per message
 * and never holding up the rest of the queue or partition.
 *
 * <h2>The pieces of a provider</h2>
 * Every provider package has the same files, named after its broker, and imports only the API, this package
 * and {@link io.gochannel.support}: {@code XQueueProviderFactory} (the scheme), {@code XSettings} (the URI
 * checked once: group, backoff, the broker's own parameters, declared as data), {@code XQueueProvider}
 * (capabilities, provision, close), {@code XPublisher}, {@code XSubscription} and {@code XDelivery},
 * {@code XMessages} (the wire format), plus the helpers the broker needs (Kafka's partition tracker, the
 * in-memory broker itself). Threads come from {@link io.gochannel.support.Threads} (the CamelContext's
 * {@code ExecutorServiceManager}). A provider ships as a jar of its own: the transport finds it by scheme.
 *
 * <h2>Why every planned broker fits without special cases in shared code</h2>
 * <ul>
 *   <li><b>Kafka.</b> Provision: AdminClient {@code createTopics}. Publish: {@code send} each event of
 *       the batch with its key, complete the stage when all callbacks succeeded (acks=all); order within
 *       a batch is the call order. Subscribe: a poll thread hands records over; ack/nack from other
 *       threads go into a queue the poll thread drains, committing per partition only the watermark
 *       below which everything was acked, seeking back on nack. Pause/resume map to
 *       {@code KafkaConsumer.pause/resume} of the assigned partitions while polling continues, so the
 *       member is never thrown out of the group.</li>
 *   <li><b>RabbitMQ.</b> Provision: declare exchange {@code topic} and durable queue
 *       {@code topic.group} bound to it. Publish: pipelined publisher confirms, the stage completes when
 *       the last confirm of the batch arrives. Subscribe: manual-ack consumer; ack = {@code basicAck},
 *       nack = {@code basicNack(requeue)} once the delay has passed; pause/resume = cancel and re-consume (or a prefetch
 *       bound).</li>
 *   <li><b>SQS.</b> Provision: create queue {@code topic} (SNS topics are send-only:
 *       {@code canReceive=false}). Publish: {@code SendMessageBatch}, {@code maxBatchSize=10}.
 *       Subscribe: a long-poll loop; ack = {@code DeleteMessage}, nack =
 *       {@code ChangeMessageVisibility(delay, rounded up to whole seconds)}; pause = stop polling; a delivery never settled reappears
 *       after the visibility timeout.</li>
 *   <li><b>Redis Streams.</b> Provision: {@code XGROUP CREATE ... MKSTREAM}. Publish: pipelined
 *       {@code XADD}. Subscribe: {@code XREADGROUP} loop; ack = {@code XACK}; nack = re-claim for
 *       redelivery once the delay has passed; {@code XAUTOCLAIM} takes over what a dead consumer left. Pause = stop reading.</li>
 *   <li><b>PostgreSQL queue.</b> Provision: the queue table (and the group's rows). Publish: one
 *       multi-row INSERT in one transaction on a pool thread; the stage completes on commit.
 *       Subscribe: {@code SELECT ... FOR UPDATE SKIP LOCKED} leasing rows, woken by LISTEN/NOTIFY; ack
 *       deletes, nack sets a visible-again time; pause = stop leasing.</li>
 * </ul>
 * Everything else (the per-topic send buffer, lanes by key, the bound on publishes in flight,
 * envelopes and their results, un-acked bounds, hand-back on close, graceful shutdown, middlewares)
 * lives once, in the transport.
 */
package io.gochannel.spi;
