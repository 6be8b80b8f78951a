package io.gochannel.provider.aws;

import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsAsyncClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * The AWS SDK v2 asynchronous clients of a provider (the SDK camel-aws2-sqs and camel-aws2-sns bring,
 * with its Netty HTTP client): non-blocking, so batch calls are pipelined without a thread each, and
 * long polls of several pollers share a connection pool. The endpoint, region and credentials come
 * from {@link AwsSettings}.
 */
final class AwsClients implements AutoCloseable {
    /** Connections at most: every poller's long poll holds one, batch calls share the rest. */
    private static final int MAX_CONNECTIONS = 128;

    private final SdkAsyncHttpClient http;
    private final AwsCredentialsProvider credentials;
    final SqsAsyncClient sqs;
    /** {@code null} for {@code sqs://}. */
    final SnsAsyncClient sns;

    AwsClients(AwsSettings settings) {
        this.http = NettyNioAsyncHttpClient.builder()
                .maxConcurrency(MAX_CONNECTIONS)
                .connectionAcquisitionTimeout(Duration.ofSeconds(60))
                // A long poll waits up to 20 s for an answer.
                .readTimeout(Duration.ofSeconds(settings.waitTimeSeconds + 30L))
                .build();
        this.credentials = credentials(settings);
        this.sqs = configure(SqsAsyncClient.builder(), settings).build();
        this.sns = settings.sns ? configure(SnsAsyncClient.builder(), settings).build() : null;
    }

    private <B extends AwsAsyncClientBuilder<B, ?> & AwsClientBuilder<B, ?>> B configure(
            B builder, AwsSettings settings) {
        builder.httpClient(http).credentialsProvider(credentials);
        if (settings.region != null) {
            builder.region(Region.of(settings.region));
        }
        if (settings.endpoint != null) {
            builder.endpointOverride(settings.endpoint);
        }
        return builder;
    }

    private static AwsCredentialsProvider credentials(AwsSettings settings) {
        if (settings.accessKey != null) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKey, settings.secretKey));
        }
        if (settings.profile != null) {
            return ProfileCredentialsProvider.create(settings.profile);
        }
        return DefaultCredentialsProvider.builder().build();
    }

    @Override
    public void close() {
        sqs.close();
        if (sns != null) {
            sns.close();
        }
        http.close();
        if (credentials instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // nothing held that matters at shutdown
            }
        }
    }
}
