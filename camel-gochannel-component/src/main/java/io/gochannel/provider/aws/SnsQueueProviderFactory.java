package io.gochannel.provider.aws;

import io.gochannel.QueueProvider;
import io.gochannel.spi.ProviderUri;
import io.gochannel.spi.QueueProviderFactory;
import org.apache.camel.CamelContext;

/**
 * Scheme {@code sns}. camel-aws2-sns and camel-aws2-sqs (which bring the AWS SDK v2 SNS and SQS clients)
 * are optional dependencies: without them, an {@code sns://} URI fails naming the artifacts. This class
 * refers to no AWS type, so it loads either way.
 */
public class SnsQueueProviderFactory implements QueueProviderFactory {
    @Override
    public String scheme() {
        return "sns";
    }

    @Override
    public boolean isAvailable() {
        return AwsClasses.present("software.amazon.awssdk.services.sns.SnsAsyncClient", getClass())
                && AwsClasses.present("software.amazon.awssdk.services.sqs.SqsAsyncClient", getClass());
    }

    @Override
    public String missingDependency() {
        return "org.apache.camel:camel-aws2-sns and org.apache.camel:camel-aws2-sqs";
    }

    @Override
    public QueueProvider create(ProviderUri uri) {
        return create(uri, null);
    }

    @Override
    public QueueProvider create(ProviderUri uri, CamelContext camelContext) {
        return new SnsQueueProvider(AwsSettings.of(uri), camelContext);
    }
}
