package io.gochannel.provider.redis;

/**
 * Scheme {@code rediss}: {@code redis://} over TLS, the way Redis clients write it. The server's
 * certificate is checked against the JVM's trust store ({@code javax.net.ssl.trustStore}).
 */
public class RedisTlsQueueProviderFactory extends RedisQueueProviderFactory {
    @Override
    public String scheme() {
        return "rediss";
    }
}
