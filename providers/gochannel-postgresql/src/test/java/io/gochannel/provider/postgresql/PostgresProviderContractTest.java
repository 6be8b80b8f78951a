package io.gochannel.provider.postgresql;

import io.gochannel.contract.ProviderFeatures;
import io.gochannel.contract.QueueProviderContract;
import io.gochannel.testing.PrivatePostgres;

/**
 * The contract on {@code postgresql://} against a PostgreSQL cluster of the test's own (the restart test
 * crashes and starts it; the shared cluster on 5432 is never stopped): consumer groups, persistence
 * (committed rows survive a crash through the WAL), attempts counted by the claims, context as
 * {@code jsonb}, competing consumers, redelivery on nack and to the group's next consumer. Order per key
 * is off: batch claims by competing consumers, and a nacked row overtaken by later ones, interleave a key.
 */
class PostgresProviderContractTest extends QueueProviderContract {
    @Override
    protected String providerUri(String group) {
        return cluster().uri("group=" + group);
    }

    @Override
    protected long brokerCount(String topic, String group) throws Exception {
        return new PostgresInspector(cluster().port(), "postgres").deliveries("gochannel", topic, group);
    }

    @Override
    protected ProviderFeatures features() {
        return ProviderFeatures.builder()
                .consumerGroups()
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
        cluster().restart();
    }

    private static PrivatePostgres cluster() {
        try {
            return PrivatePostgres.shared();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the test's PostgreSQL cluster: " + e.getMessage(), e);
        }
    }
}
