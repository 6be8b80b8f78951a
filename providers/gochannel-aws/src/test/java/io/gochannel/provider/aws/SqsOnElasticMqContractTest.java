package io.gochannel.provider.aws;

import io.gochannel.contract.ProviderFeatures;
import io.gochannel.contract.QueueProviderContract;
import java.net.URI;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

/**
 * The contract on {@code sqs://} against ElasticMQ, a second SQS implementation, started in this JVM on a
 * free port: stricter than the emulator where it matters here (a receipt handle is only good for the
 * delivery that produced it, attribute and batch rules as SQS checks them).
 */
class SqsOnElasticMqContractTest extends QueueProviderContract {
    private static SQSRestServer server;
    private static URI endpoint;

    private static synchronized URI endpoint() {
        if (server == null) {
            server = SQSRestServerBuilder.withDynamicPort()
                    .withInterface("127.0.0.1")
                    .start();
            endpoint = URI.create("http://127.0.0.1:"
                    + server.waitUntilStarted().localAddress().getPort());
            Runtime.getRuntime().addShutdownHook(new Thread(server::stopAndWait, "elasticmq-stop"));
        }
        return endpoint;
    }

    @Override
    protected String providerUri(String group) {
        // waitTime=1: a transport's shutdown waits for its long polls, as on the emulator (SqsEmulator.uri).
        return "sqs://" + endpoint().getAuthority() + "?region=us-east-1&accessKey=test&secretKey=test&waitTime=1&"
                + SqsProviderContractTest.query(group, "");
    }

    @Override
    protected long brokerCount(String topic, String group) {
        return AwsInspector.messages(endpoint(), AwsNames.queue(topic, false));
    }

    @Override
    protected ProviderFeatures features() {
        // ElasticMQ keeps SQS's former limit of 256 KiB a message (SQS itself takes 1 MiB since 2025).
        return ProviderFeatures.builder()
                .maxBodyBytes(190_000)
                .countsAttempts()
                .carriesContext()
                .competingConsumers()
                .redeliversOnNack()
                .redeliversToNewSubscription()
                .build();
    }
}
