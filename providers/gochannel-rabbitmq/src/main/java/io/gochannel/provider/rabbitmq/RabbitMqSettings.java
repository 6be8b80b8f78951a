package io.gochannel.provider.rabbitmq;

import io.gochannel.support.ProviderUri;
import io.gochannel.Backoff;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * An {@code amqp://user:pass@host:5672[/vhost]?group=..} URI taken apart (the form of RabbitMQ's own
 * URI spec: the vhost is the path, {@code /} by default, {@code %2F} for a vhost named {@code /}):
 * where to connect, the consumer group, the queue type ({@code queueType=quorum}, the default, or
 * {@code classic}), how long a publish waits for its confirm ({@code confirmTimeout}, default 30 s)
 * and the nack backoff. {@code amqps://} connects with TLS (port 5671 by default). Immutable; the
 * password is never part of {@link #toString()} or an error.
 */
final class RabbitMqSettings {
    static final String QUEUE_TYPE = "queueType";
    static final String CONFIRM_TIMEOUT = "confirmTimeout";
    private static final Set<String> OWN = Set.of(QUEUE_TYPE, CONFIRM_TIMEOUT);

    final ProviderUri uri;
    final String host;
    final int port;
    final String user;
    /** Never log it. */
    final String password;
    final String virtualHost;
    final boolean tls;
    final String group;
    final boolean quorum;
    final Duration confirmTimeout;
    /** The URI's nack backoff, or {@code null}: the transport's. */
    final Backoff redelivery;

    private RabbitMqSettings(ProviderUri uri, String host, int port, String user, String password, String virtualHost,
            boolean tls, boolean quorum, Duration confirmTimeout) {
        this.uri = uri;
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.virtualHost = virtualHost;
        this.tls = tls;
        this.group = uri.group();
        this.quorum = quorum;
        this.confirmTimeout = confirmTimeout;
        this.redelivery = uri.redeliveryBackoff();
    }

    /** @throws IllegalArgumentException naming what is wrong, with the password masked */
    static RabbitMqSettings of(ProviderUri uri) {
        uri.requireOnlyParams(OWN);
        boolean tls = uri.scheme().equals("amqps");
        ProviderUri.HostAndPort server = uri.singleHost(tls ? 5671 : 5672,
                uri.scheme() + "://user:password@host:" + (tls ? 5671 : 5672) + "[/vhost]");
        String path = uri.path() == null ? "" : uri.path();
        String vhost = path.isEmpty() || path.equals("/") ? "/" : URLDecoder.decode(path.substring(1), StandardCharsets.UTF_8);
        String type = uri.param(QUEUE_TYPE, "quorum").toLowerCase(Locale.ROOT);
        if (!type.equals("quorum") && !type.equals("classic")) {
            throw new IllegalArgumentException("parameter 'queueType' of " + uri.masked() + " must be quorum or classic, got '"
                    + type + "'");
        }
        Duration confirmTimeout = uri.durationParam(CONFIRM_TIMEOUT, Duration.ofSeconds(30), Duration.ofMillis(1), null);
        return new RabbitMqSettings(uri, server.host(), server.port(), uri.user() == null ? "guest" : uri.user(),
                uri.password() == null ? "guest" : uri.password(), vhost, tls, type.equals("quorum"), confirmTimeout);
    }

    @Override
    public String toString() {
        return uri.masked();
    }
}
