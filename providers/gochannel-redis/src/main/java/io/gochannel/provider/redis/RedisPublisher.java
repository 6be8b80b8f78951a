package io.gochannel.provider.redis;

import io.gochannel.Event;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.params.XAddParams;

/**
 * Publishes a batch as one XADD per event through the provider's {@link RedisPipeline}, pipelined with whatever
 * else waits for Redis (other batches, the subscriptions' acks). A publish's result completes when Redis answered
 * each of its XADDs (Redis holds the entries in memory: see the docs on persistence), and fails, naming the
 * cause, when any of them failed or the connection broke; its XADDs are still in order within the pipeline, so
 * order per key holds. Results complete on the pipeline's thread.
 */
final class RedisPublisher {
    private final RedisSettings settings;
    private final RedisPipeline pipeline;

    RedisPublisher(RedisSettings settings, RedisPipeline pipeline) {
        this.settings = settings;
        this.pipeline = pipeline;
    }

    /** XADDs {@code batch} to the stream of {@code topic}; completes once Redis answered every one. */
    CompletionStage<Void> publish(String topic, List<Event> batch) {
        String key = settings.streamKey(topic);
        CompletableFuture<Void> done = new CompletableFuture<>();
        byte[] stream = RedisStreams.bytes(key);
        pipeline.submit(new RedisPipeline.Work() {
            @Override
            int issue(Pipeline pipeline) {
                for (Event event : batch) {
                    pipeline.xadd(stream, XAddParams.xAddParams(), RedisMessages.fields(event));
                }
                return batch.size();
            }

            @Override
            void answered(List<Object> replies) {
                for (Object reply : replies) {
                    if (reply instanceof Throwable failure) {
                        done.completeExceptionally(new IllegalStateException(
                                "adding " + batch.size()
                                        + " event(s) to stream '" + key + "' through " + settings + " failed: "
                                        + failure.getMessage(),
                                failure));
                        return;
                    }
                }
                done.complete(null);
            }

            @Override
            void failed(RuntimeException cause) {
                done.completeExceptionally(new IllegalStateException(
                        "adding " + batch.size() + " event(s) to stream '" + key + "' through " + settings + " failed: "
                                + RedisQueueProvider.describe(cause),
                        cause));
            }
        });
        return done;
    }
}
