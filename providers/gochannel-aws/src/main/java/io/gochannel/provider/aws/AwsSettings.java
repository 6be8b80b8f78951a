package io.gochannel.provider.aws;

import io.gochannel.Backoff;
import io.gochannel.support.ProviderUri;
import io.gochannel.support.UriParameter;
import io.gochannel.support.UriParameters;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@code sqs://[host:port]?..} or {@code sns://[host:port]?..} URI taken apart. With a host, the
 * clients talk to that endpoint (an emulator, LocalStack; {@code tls=true} for https); without one,
 * to AWS. Credentials: {@code accessKey}/{@code secretKey}, else {@code profile}, else the SDK's
 * default chain. Immutable; the keys are never part of {@link #toString()} or an error.
 */
final class AwsSettings {
    /** SQS keeps a received message invisible for at most 12 hours in all. */
    static final Duration LONGEST_VISIBILITY = Duration.ofHours(12);

    static final UriParameter REGION = UriParameter.text(
            "region",
            null,
            "The AWS region; default: the SDK's default region chain, or us-east-1 with a host (an emulator takes any).");
    // Masked like every parameter whose name ends in "key" (ProviderUri.isSecret), though AWS does not treat
    // the key id as a secret: declared as text, and its description says so.
    static final UriParameter ACCESS_KEY = UriParameter.text(
            "accessKey",
            null,
            "The AWS access key id, with secretKey (both or neither); masked wherever the URI is shown, as every"
                    + " parameter whose name ends in key.");
    static final UriParameter SECRET_KEY =
            UriParameter.secret("secretKey", "The AWS secret access key, with accessKey.");
    static final UriParameter PROFILE = UriParameter.text(
            "profile",
            null,
            "A profile of the AWS config and credentials files, used without accessKey and secretKey; default: the"
                    + " SDK's default credential chain.");
    static final UriParameter TLS = UriParameter.bool(
            "tls", false, "With a host: talk to it over https (port 443 by default) instead of http (port 80).");
    static final UriParameter FIFO = UriParameter.bool(
            "fifo",
            false,
            "FIFO queues and topics (their names end in .fifo): the key is the message group id, so the order per key"
                    + " holds.");
    static final UriParameter AUTO_CREATE = UriParameter.bool(
            "autoCreate",
            true,
            "Create missing queues and topics on first use; false: they must exist, and a missing one is an error"
                    + " that says so.");
    static final UriParameter VISIBILITY_TIMEOUT = UriParameter.duration(
            "visibilityTimeout",
            Duration.ofSeconds(30),
            "How long a received message stays invisible to other receivers, set on every receive and extended while"
                    + " it is held; whole seconds, 1s to 12h.");
    static final UriParameter MAX_VISIBILITY = UriParameter.duration(
            "maxVisibility",
            LONGEST_VISIBILITY,
            "How long after its receipt a held message is kept invisible at most; past it another receiver gets it."
                    + " From visibilityTimeout to 12h.");
    static final UriParameter POLLERS = UriParameter.integer(
            "pollers",
            2,
            "Long polls in flight per receiver, each of up to 10 messages; 1 to 64. While polls bring 5 messages or"
                    + " more, up to 8 times as many (at most 64) poll at once, the extra ones without waiting, each"
                    + " stopping at its first poll that brings fewer.");
    static final UriParameter WAIT_TIME = UriParameter.integer(
            "waitTime",
            20,
            "Seconds a long poll waits for messages, 0 to 20; a transport's shutdown waits up to this for its polls.");
    static final UriParameter SNS_ENVELOPE = UriParameter.choice(
            "snsEnvelope",
            "raw",
            "raw: a message is the event; unwrap: a message is SNS's JSON notification (a queue subscribed to a topic"
                    + " without raw delivery), the event is the message inside.",
            "raw",
            "unwrap");
    static final UriParameter SEND_ONLY = UriParameter.bool(
            "sendOnly",
            false,
            "Create no queue for the group and refuse receive: for a service that only publishes (otherwise its"
                    + " group's queue fills with events nobody reads).");

    /** What {@code sqs://} and {@code sns://} URIs both take, besides the common parameters. */
    private static final List<UriParameter> SHARED = List.of(
            REGION,
            ACCESS_KEY,
            SECRET_KEY,
            PROFILE,
            TLS,
            FIFO,
            AUTO_CREATE,
            VISIBILITY_TIMEOUT,
            MAX_VISIBILITY,
            POLLERS,
            WAIT_TIME);
    /** What an {@code sqs://} URI takes. */
    static final UriParameters SQS_PARAMETERS = UriParameters.of("sqs", shared(SNS_ENVELOPE));
    /** What an {@code sns://} URI takes: as {@code sqs://}, with {@code sendOnly} instead of {@code snsEnvelope}. */
    static final UriParameters SNS_PARAMETERS = UriParameters.of("sns", shared(SEND_ONLY));

    final ProviderUri uri;
    final boolean sns;
    /** {@code null}: AWS itself. */
    final URI endpoint;
    /** {@code null}: the SDK's default region chain (only without an endpoint). */
    final String region;
    /** Never log them; {@code null}: the profile or the default chain. */
    final String accessKey;

    final String secretKey;
    final String profile;
    final String group;
    final boolean fifo;
    final boolean autoCreate;
    final Duration visibilityTimeout;
    final Duration maxVisibility;
    final int pollers;
    final int waitTimeSeconds;
    /** {@code sqs://} only: read the SNS JSON envelope and hand out the event inside. */
    final boolean unwrapSnsEnvelope;
    /** {@code sns://} only: refuse {@code receive}. */
    final boolean sendOnly;
    /** The URI's nack backoff, or {@code null}: the transport's. */
    final Backoff redelivery;

    private AwsSettings(
            ProviderUri uri,
            boolean sns,
            URI endpoint,
            String region,
            boolean fifo,
            boolean autoCreate,
            Duration visibilityTimeout,
            Duration maxVisibility,
            int pollers,
            int waitTimeSeconds,
            boolean unwrapSnsEnvelope,
            boolean sendOnly) {
        this.uri = uri;
        this.sns = sns;
        this.endpoint = endpoint;
        this.region = region;
        this.accessKey = uri.params().get(ACCESS_KEY.name());
        this.secretKey = uri.params().get(SECRET_KEY.name());
        this.profile = uri.params().get(PROFILE.name());
        this.group = uri.group();
        this.fifo = fifo;
        this.autoCreate = autoCreate;
        this.visibilityTimeout = visibilityTimeout;
        this.maxVisibility = maxVisibility;
        this.pollers = pollers;
        this.waitTimeSeconds = waitTimeSeconds;
        this.unwrapSnsEnvelope = unwrapSnsEnvelope;
        this.sendOnly = sendOnly;
        this.redelivery = uri.redeliveryBackoff();
    }

    /** @throws IllegalArgumentException naming what is wrong, with the keys masked */
    static AwsSettings of(ProviderUri uri) {
        boolean sns = uri.scheme().equals("sns");
        (sns ? SNS_PARAMETERS : SQS_PARAMETERS).check(uri);
        String form = uri.scheme() + "://[host:port]?region=..";
        boolean tls = bool(uri, TLS);
        URI endpoint = null;
        if (uri.authority() != null && !uri.authority().isEmpty()) {
            ProviderUri.HostAndPort server = uri.singleHost(tls ? 443 : 80, form);
            String host = server.host().contains(":") ? "[" + server.host() + "]" : server.host();
            endpoint = URI.create((tls ? "https://" : "http://") + host + ":" + server.port());
        }
        if (uri.user() != null) {
            throw new IllegalArgumentException("the " + uri.scheme() + " provider takes credentials as parameters "
                    + ACCESS_KEY.name() + " and " + SECRET_KEY.name() + " (or " + PROFILE.name()
                    + "), not before the host: "
                    + uri.masked());
        }
        if ((uri.params().get(ACCESS_KEY.name()) == null) != (uri.params().get(SECRET_KEY.name()) == null)) {
            throw new IllegalArgumentException("give both " + ACCESS_KEY.name() + " and " + SECRET_KEY.name()
                    + " or neither (" + uri.masked() + ")");
        }
        String region = uri.params().get(REGION.name());
        if (region == null && endpoint != null) {
            region = "us-east-1"; // an emulator takes any region; the SDK insists on one
        }
        if (region != null && !region.matches("[a-z0-9-]{1,40}")) {
            throw new IllegalArgumentException(
                    "parameter 'region' of " + uri.masked() + " must be an AWS region such as us-east-1");
        }
        String group = uri.group();
        if (!sns && !group.equals(ProviderUri.DEFAULT_GROUP)) {
            throw new IllegalArgumentException("SQS has no consumer groups, so group '" + group + "' of " + uri.masked()
                    + " cannot work: every receiver of a queue competes for its messages. For a group per receiving"
                    + " service, send and receive through sns://...?group=" + group + " (a queue per topic and group)");
        }
        Duration visibility = uri.durationParam(
                VISIBILITY_TIMEOUT.name(),
                VISIBILITY_TIMEOUT.defaultDuration(),
                Duration.ofSeconds(1),
                "SQS counts visibility in whole seconds");
        if (visibility.compareTo(LONGEST_VISIBILITY) > 0) {
            throw new IllegalArgumentException("parameter '" + VISIBILITY_TIMEOUT.name() + "' of " + uri.masked()
                    + " must be at most 12h, SQS's limit");
        }
        Duration maxVisibility = uri.durationParam(
                MAX_VISIBILITY.name(),
                MAX_VISIBILITY.defaultDuration(),
                visibility,
                "it bounds how long a held message is kept invisible, so it cannot be shorter than "
                        + VISIBILITY_TIMEOUT.name());
        if (maxVisibility.compareTo(LONGEST_VISIBILITY) > 0) {
            throw new IllegalArgumentException("parameter '" + MAX_VISIBILITY.name() + "' of " + uri.masked()
                    + " must be at most 12h: SQS makes a message visible again 12 hours after it was received");
        }
        int pollers = uri.intParam(POLLERS.name(), POLLERS.defaultInt());
        if (pollers < 1 || pollers > 64) {
            throw new IllegalArgumentException(
                    "parameter '" + POLLERS.name() + "' of " + uri.masked() + " must be 1 to 64");
        }
        int waitTime = uri.intParam(WAIT_TIME.name(), WAIT_TIME.defaultInt());
        if (waitTime < 0 || waitTime > 20) {
            throw new IllegalArgumentException("parameter '" + WAIT_TIME.name() + "' of " + uri.masked()
                    + " must be 0 to 20 (seconds of long polling, SQS's range)");
        }
        String envelope = uri.param(SNS_ENVELOPE.name(), SNS_ENVELOPE.defaultValue());
        // In lower case only, as always: the declaration's check ignores case.
        if (!envelope.equals("raw") && !envelope.equals("unwrap")) {
            throw new IllegalArgumentException("parameter '" + SNS_ENVELOPE.name() + "' of " + uri.masked()
                    + " must be 'raw' (the message is the event) or 'unwrap' (the message is an SNS notification)");
        }
        return new AwsSettings(
                uri,
                sns,
                endpoint,
                region,
                bool(uri, FIFO),
                bool(uri, AUTO_CREATE),
                visibility,
                maxVisibility,
                pollers,
                waitTime,
                envelope.equals("unwrap"),
                bool(uri, SEND_ONLY));
    }

    /** A boolean parameter's value (its form already checked), its declared default when absent. */
    private static boolean bool(ProviderUri uri, UriParameter parameter) {
        return Boolean.parseBoolean(uri.param(parameter.name(), parameter.defaultValue()));
    }

    @Override
    public String toString() {
        return uri.masked();
    }

    /** The shared parameters, then {@code own}. */
    private static UriParameter[] shared(UriParameter own) {
        List<UriParameter> all = new ArrayList<>(SHARED);
        all.add(own);
        return all.toArray(UriParameter[]::new);
    }
}
