package io.gochannel.provider.aws;

import io.gochannel.spi.QueueProviderFactory;
import io.gochannel.spi.QueueProviderSpi;
import io.gochannel.support.ProviderUri;
import org.apache.camel.CamelContext;

/** Scheme {@code sqs}: Amazon SQS (or an SQS-compatible server at the URI's host). */
public class SqsQueueProviderFactory implements QueueProviderFactory {
    @Override
    public String scheme() {
        return "sqs";
    }

    @Override
    public QueueProviderSpi create(ProviderUri uri) {
        return create(uri, null);
    }

    @Override
    public QueueProviderSpi create(ProviderUri uri, CamelContext camelContext) {
        return new SqsQueueProvider(AwsSettings.of(uri), camelContext);
    }
}
