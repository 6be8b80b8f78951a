package io.gochannel.provider.aws;

import io.gochannel.spi.QueueProviderFactory;
import io.gochannel.spi.QueueProviderSpi;
import io.gochannel.support.ProviderUri;
import org.apache.camel.CamelContext;

/** Scheme {@code sns}: Amazon SNS, receiving through an SQS queue per topic and group. */
public class SnsQueueProviderFactory implements QueueProviderFactory {
    @Override
    public String scheme() {
        return "sns";
    }

    @Override
    public QueueProviderSpi create(ProviderUri uri) {
        return create(uri, null);
    }

    @Override
    public QueueProviderSpi create(ProviderUri uri, CamelContext camelContext) {
        return new SnsQueueProvider(AwsSettings.of(uri), camelContext);
    }
}
