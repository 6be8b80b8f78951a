package io.gochannel.provider.rabbitmq;

import io.gochannel.Backoff;
import io.gochannel.support.ProviderUri;
import io.gochannel.support.UriParameter;
import io.gochannel.support.UriParameters;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * An {@code amqp://user:pass@host:5672[/vhost]?group=..} URI taken apart (the form of RabbitMQ's own
 * URI spec: the vhost is the path, {@code /} by default, {@code %2F} for a vhost named {@code /}):
 * where to connect, the consumer group, the queue type ({@code queueType}), how long a publish waits
 * for its confirm ({@code confirmTimeout}) and the nack backoff. {@code amqps://} connects with TLS
 * (port 5671 by default) and takes the same parameters. Immutable; the password is never part of
 * {@link #toString()} or an error.
 */
final class RabbitMqSettings {
    static final UriParameter QUEUE_TYPE = UriParameter.choice(
            "queueType",
            "quorum",
            "The type of the group queues declared on first use: quorum (replicated, the broker counts deliveries) or"
                    + " classic. A queue declared before with another type fails with PRECONDITION_FAILED.",
            "quorum",
            "classic");
    static final UriParameter CONFIRM_TIMEOUT = UriParameter.duration(
            "confirmTimeout",
            Duration.ofSeconds(30),
            "How long a publish waits for the broker's confirm before its result fails (a broker blocking publishers"
                    + " on a memory or disk alarm never answers); at least 1 ms.");
    /** What an {@code amqp://} or {@code amqps://} URI takes. */
    static final UriParameters PARAMETERS = UriParameters.of("rabbitmq", QUEUE_TYPE, CONFIRM_TIMEOUT);

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

    private RabbitMqSettings(
            ProviderUri uri,
            String host,
            int port,
            String user,
            String password,
            String virtualHost,
            boolean tls,
            boolean quorum,
            Duration confirmTimeout) {
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
        PARAMETERS.check(uri);
        boolean tls = uri.scheme().equals("amqps");
        ProviderUri.HostAndPort server = uri.singleHost(
                tls ? 5671 : 5672, uri.scheme() + "://user:password@host:" + (tls ? 5671 : 5672) + "[/vhost]");
        String path = uri.path() == null ? "" : uri.path();
        String vhost =
                path.isEmpty() || path.equals("/") ? "/" : URLDecoder.decode(path.substring(1), StandardCharsets.UTF_8);
        // One of the choices (the check above), in any case.
        String type =
                uri.param(QUEUE_TYPE.name(), QUEUE_TYPE.defaultValue()).strip().toLowerCase(Locale.ROOT);
        Duration confirmTimeout = uri.durationParam(
                CONFIRM_TIMEOUT.name(), CONFIRM_TIMEOUT.defaultDuration(), Duration.ofMillis(1), null);
        return new RabbitMqSettings(
                uri,
                server.host(),
                server.port(),
                uri.user() == null ? "guest" : uri.user(),
                uri.password() == null ? "guest" : uri.password(),
                vhost,
                tls,
                type.equals("quorum"),
                confirmTimeout);
    }

    @Override
    public String toString() {
        return uri.masked();
    }
}
