package io.gochannel.provider.aws;

import io.gochannel.QueueProvider;
import io.gochannel.spi.ProviderUri;
import io.gochannel.spi.QueueProviderFactory;
import org.apache.camel.CamelContext;

/**
 * Scheme {@code sqs}. camel-aws2-sqs (which brings the AWS SDK v2 SQS client) is an optional dependency:
 * without it, an {@code sqs://} URI fails naming {@code org.apache.camel:camel-aws2-sqs}. This class
 * refers to no AWS type, so it loads either way.
 */
public class SqsQueueProviderFactory implements QueueProviderFactory {
    @Override
    public String scheme() {
        return "sqs";
    }

    @Override
    public boolean isAvailable() {
        return AwsClasses.present("software.amazon.awssdk.services.sqs.SqsAsyncClient", getClass());
    }

    @Override
    public String missingDependency() {
        return "org.apache.camel:camel-aws2-sqs";
    }

    @Override
    public QueueProvider create(ProviderUri uri) {
        return create(uri, null);
    }

    @Override
    public QueueProvider create(ProviderUri uri, CamelContext camelContext) {
        return new SqsQueueProvider(AwsSettings.of(uri), camelContext);
    }
}
