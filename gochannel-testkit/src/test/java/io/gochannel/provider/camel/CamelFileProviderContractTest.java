package io.gochannel.provider.camel;

import io.gochannel.contract.ProviderFeatures;
import io.gochannel.contract.QueueProviderContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The contract on {@code camel:} over a plain Camel endpoint, {@code file:}: a directory per topic,
 * one file per event. Ack deletes the file, nack leaves it for the next poll (redelivery), and a
 * marker-file read lock keeps competing consumers apart; a consumer that starts must not delete the
 * others' live lock files ({@code readLockDeleteOrphanLockFiles=false}), so after a crash stale
 * {@code .camelLock} files must be removed by hand. Files hold only the body: no context, no
 * key; no consumer groups (every consumer of a directory competes) and no order. The "broker" is the
 * file system: nothing is lost when every consumer stops, but there is no broker process to restart,
 * so the kit's restart test does not apply.
 */
class CamelFileProviderContractTest extends QueueProviderContract {
    private static final Path QUEUES =
            Path.of("target", "file-queues-" + UUID.randomUUID().toString().substring(0, 8));

    @Override
    protected String providerUri(String group) {
        return "camel:file:" + QUEUES + "/{topic}?initialDelay=0&delay=20&tempPrefix=.tmp-&readLock=markerFile"
                + "&readLockDeleteOrphanLockFiles=false&delete=true&group=" + group;
    }

    /** The topic directory's event files: what the "broker" holds (temporary and lock files aside). */
    @Override
    protected long brokerCount(String topic, String group) throws Exception {
        Path dir = QUEUES.resolve(topic);
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> !f.getFileName().toString().startsWith("."))
                    .count();
        }
    }

    @Override
    protected ProviderFeatures features() {
        // Not persistent in the kit's sense: there is no broker process to restart (the files outlive every
        // consumer, which unackedMessagesAreReceivedAgainByANewTransportAfterShutdown shows).
        return ProviderFeatures.builder()
                .competingConsumers()
                .redeliversOnNack()
                .redeliversToNewSubscription()
                .build();
    }
}
