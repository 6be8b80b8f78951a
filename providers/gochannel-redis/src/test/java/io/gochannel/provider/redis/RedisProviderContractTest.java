package io.gochannel.provider.redis;

import io.gochannel.contract.ProviderFeatures;
import io.gochannel.contract.QueueProviderContract;
import io.gochannel.testing.PrivateRedis;

/**
 * The contract on {@code redis://} against a redis-server of the test's own that writes every command to
 * its append-only file before answering (the restart test kills and restarts it; the shared Redis on
 * 6379, which keeps nothing on disk, is never touched), with everything on: consumer groups, order per
 * key (one consumer reads the stream in order), persistence (that instance's AOF), attempts from the
 * delivery count, context as stream fields, competing consumers, and redelivery on nack and to the
 * group's next consumer.
 */
class RedisProviderContractTest extends QueueProviderContract {
    @Override
    protected String providerUri(String group) {
        return server().uri("group=" + group);
    }

    /** Entries of the group's stream not yet acked by the group: pending plus not yet delivered (XINFO GROUPS lag). */
    @Override
    protected long brokerCount(String topic, String group) {
        return RedisInspector.unacked(server().port(), "gochannel:" + topic, group);
    }

    @Override
    protected ProviderFeatures features() {
        return ProviderFeatures.builder()
                .consumerGroups()
                .orderPerKey()
                .persistent()
                .maxBodyBytes(ProviderFeatures.ONE_MIB)
                .countsAttempts()
                .carriesContext()
                .competingConsumers()
                .redeliversOnNack()
                .redeliversToNewSubscription()
                .build();
    }

    @Override
    protected void restartBroker() throws Exception {
        server().restart();
    }

    private static PrivateRedis server() {
        try {
            return PrivateRedis.shared();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the test's redis-server: " + e.getMessage(), e);
        }
    }
}
