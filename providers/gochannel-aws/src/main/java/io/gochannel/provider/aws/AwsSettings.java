package io.gochannel.provider.aws;

import io.gochannel.support.ProviderUri;
import io.gochannel.Backoff;
import java.net.URI;
import java.time.Duration;
import java.util.Set;

/**
 * An {@code sqs://[host:port]?..} or {@code sns://[host:port]?..} URI taken apart. With a host, the
 * clients talk to that endpoint (an emulator, LocalStack; {@code tls=true} for https); without one,
 * to AWS. Credentials: {@code accessKey}/{@code secretKey}, else {@code profile}, else the SDK's
 * default chain. Immutable; the keys are never part of {@link #toString()} or an error.
 */
final class AwsSettings {
    static final String REGION = "region";
    static final String ACCESS_KEY = "accessKey";
    static final String SECRET_KEY = "secretKey";
    static final String PROFILE = "profile";
    static final String TLS = "tls";
    static final String FIFO = "fifo";
    static final String AUTO_CREATE = "autoCreate";
    static final String VISIBILITY_TIMEOUT = "visibilityTimeout";
    static final String MAX_VISIBILITY = "maxVisibility";
    static final String POLLERS = "pollers";
    static final String WAIT_TIME = "waitTime";
    static final String SNS_ENVELOPE = "snsEnvelope";
    static final String SEND_ONLY = "sendOnly";
    private static final Set<String> COMMON = Set.of(REGION, ACCESS_KEY, SECRET_KEY, PROFILE, TLS, FIFO, AUTO_CREATE,
            VISIBILITY_TIMEOUT, MAX_VISIBILITY, POLLERS, WAIT_TIME);
    /** SQS keeps a received message invisible for at most 12 hours in all. */
    static final Duration LONGEST_VISIBILITY = Duration.ofHours(12);

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

    private AwsSettings(ProviderUri uri, boolean sns, URI endpoint, String region, boolean fifo, boolean autoCreate,
            Duration visibilityTimeout, Duration maxVisibility, int pollers, int waitTimeSeconds, boolean unwrapSnsEnvelope,
            boolean sendOnly) {
        this.uri = uri;
        this.sns = sns;
        this.endpoint = endpoint;
        this.region = region;
        this.accessKey = uri.params().get(ACCESS_KEY);
        this.secretKey = uri.params().get(SECRET_KEY);
        this.profile = uri.params().get(PROFILE);
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
        uri.requireOnlyParams(sns ? union(COMMON, SEND_ONLY) : union(COMMON, SNS_ENVELOPE));
        String form = uri.scheme() + "://[host:port]?region=..";
        boolean tls = bool(uri, TLS, false);
        URI endpoint = null;
        if (uri.authority() != null && !uri.authority().isEmpty()) {
            ProviderUri.HostAndPort server = uri.singleHost(tls ? 443 : 80, form);
            String host = server.host().contains(":") ? "[" + server.host() + "]" : server.host();
            endpoint = URI.create((tls ? "https://" : "http://") + host + ":" + server.port());
        }
        if (uri.user() != null) {
            throw new IllegalArgumentException("the " + uri.scheme() + " provider takes credentials as parameters "
                    + ACCESS_KEY + " and " + SECRET_KEY + " (or " + PROFILE + "), not before the host: " + uri.masked());
        }
        if ((uri.params().get(ACCESS_KEY) == null) != (uri.params().get(SECRET_KEY) == null)) {
            throw new IllegalArgumentException("give both " + ACCESS_KEY + " and " + SECRET_KEY + " or neither (" + uri.masked() + ")");
        }
        String region = uri.params().get(REGION);
        if (region == null && endpoint != null) {
            region = "us-east-1"; // an emulator takes any region; the SDK insists on one
        }
        if (region != null && !region.matches("[a-z0-9-]{1,40}")) {
            throw new IllegalArgumentException("parameter 'region' of " + uri.masked() + " must be an AWS region such as us-east-1");
        }
        String group = uri.group();
        if (!sns && !group.equals(ProviderUri.DEFAULT_GROUP)) {
            throw new IllegalArgumentException("SQS has no consumer groups, so group '" + group + "' of " + uri.masked()
                    + " cannot work: every receiver of a queue competes for its messages. For a group per receiving"
                    + " service, send and receive through sns://...?group=" + group + " (a queue per topic and group)");
        }
        Duration visibility = uri.durationParam(VISIBILITY_TIMEOUT, Duration.ofSeconds(30), Duration.ofSeconds(1),
                "SQS counts visibility in whole seconds");
        if (visibility.compareTo(LONGEST_VISIBILITY) > 0) {
            throw new IllegalArgumentException("parameter '" + VISIBILITY_TIMEOUT + "' of " + uri.masked()
                    + " must be at most 12h, SQS's limit");
        }
        Duration maxVisibility = uri.durationParam(MAX_VISIBILITY, LONGEST_VISIBILITY, visibility,
                "it bounds how long a held message is kept invisible, so it cannot be shorter than " + VISIBILITY_TIMEOUT);
        if (maxVisibility.compareTo(LONGEST_VISIBILITY) > 0) {
            throw new IllegalArgumentException("parameter '" + MAX_VISIBILITY + "' of " + uri.masked()
                    + " must be at most 12h: SQS makes a message visible again 12 hours after it was received");
        }
        int pollers = uri.intParam(POLLERS, 2);
        if (pollers < 1 || pollers > 64) {
            throw new IllegalArgumentException("parameter '" + POLLERS + "' of " + uri.masked() + " must be 1 to 64");
        }
        int waitTime = uri.intParam(WAIT_TIME, 20);
        if (waitTime < 0 || waitTime > 20) {
            throw new IllegalArgumentException("parameter '" + WAIT_TIME + "' of " + uri.masked()
                    + " must be 0 to 20 (seconds of long polling, SQS's range)");
        }
        String envelope = uri.param(SNS_ENVELOPE, "raw");
        if (!envelope.equals("raw") && !envelope.equals("unwrap")) {
            throw new IllegalArgumentException("parameter '" + SNS_ENVELOPE + "' of " + uri.masked()
                    + " must be 'raw' (the message is the event) or 'unwrap' (the message is an SNS notification)");
        }
        return new AwsSettings(uri, sns, endpoint, region, bool(uri, FIFO, false), bool(uri, AUTO_CREATE, true),
                visibility, maxVisibility, pollers, waitTime, envelope.equals("unwrap"), bool(uri, SEND_ONLY, false));
    }

    private static boolean bool(ProviderUri uri, String name, boolean defaultValue) {
        String value = uri.params().get(name);
        if (value == null) {
            return defaultValue;
        }
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value);
        }
        throw new IllegalArgumentException("parameter '" + name + "' of " + uri.masked() + " must be true or false, got '" + value + "'");
    }

    private static Set<String> union(Set<String> a, String b) {
        java.util.HashSet<String> all = new java.util.HashSet<>(a);
        all.add(b);
        return all;
    }

    @Override
    public String toString() {
        return uri.masked();
    }
}
