package io.gochannel.provider.camel;

import io.gochannel.contract.ProviderFeatures;
import io.gochannel.contract.QueueProviderContract;
import java.nio.file.Path;
import java.util.UUID;

/**
 * The contract on {@code camel:} over a plain Camel endpoint, {@code file:}: a directory per topic,
 * one file per event. Ack deletes the file, nack leaves it for the next poll (redelivery), and a
 * marker-file read lock keeps competing consumers apart; a consumer that starts must not delete the
 * others' live lock files ({@code readLockDeleteOrphanLockFiles=false}), so after a crash stale
 * {@code .camelLock} files must be removed by hand. Files hold only the body: no context, no
 * key; no consumer groups (every consumer of a directory competes) and no order. The "broker" is the
 * file system, so nothing is lost when every consumer stops: persistence is on, and restarting the
 * broker is a no-op.
 */
class CamelFileProviderContractTest extends QueueProviderContract {
    private static final Path QUEUES = Path.of("target", "file-queues-" + UUID.randomUUID().toString().substring(0, 8));

    @Override
    protected String providerUri(String group) {
        return "camel:file:" + QUEUES + "/{topic}?initialDelay=0&delay=20&tempPrefix=.tmp-&readLock=markerFile"
                + "&readLockDeleteOrphanLockFiles=false&delete=true&group=" + group;
    }

    @Override
    protected ProviderFeatures features() {
        return new ProviderFeatures(false, false, true, Integer.MAX_VALUE, false, false, true, true, true);
    }

    @Override
    protected void restartBroker() {
        // The files are the broker's storage; they outlive every consumer and producer.
    }
}
