package io.gochannel.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The parameters one provider's URIs take: the ones every provider takes ({@link #GROUP}, the nack back-off)
 * and its own, declared once in its settings. {@link #check} refuses an unknown parameter (naming the accepted
 * ones) and a value of the wrong kind; {@link #markdownTable()} is the table of the provider's page in
 * {@code docs/providers}, which a test of each provider keeps equal to the declaration. Immutable.
 */
public final class UriParameters {
    /** The consumer group: within a group consumers compete, each group gets every message. */
    public static final UriParameter GROUP = UriParameter.text(
            ProviderUri.GROUP,
            ProviderUri.DEFAULT_GROUP,
            "The consumer group receivers join: within a group consumers compete, each group gets every message."
                    + " Letters, digits, - and _, at most 80 characters.");
    /** The nack back-off's first delay. */
    public static final UriParameter REDELIVERY_DELAY = UriParameter.duration(
            ProviderUri.REDELIVERY_DELAY,
            null,
            "How long a nacked message waits before its first redelivery, doubling per attempt; 0: at once, every"
                    + " time. Without it and maxRedeliveryDelay, the transport's back-off applies (100ms doubling to 10s"
                    + " unless GoChannel.withRedeliveryBackoff says otherwise); with only maxRedeliveryDelay, 100ms or"
                    + " that, if shorter.");
    /** The nack back-off's longest delay. */
    public static final UriParameter MAX_REDELIVERY_DELAY = UriParameter.duration(
            ProviderUri.MAX_REDELIVERY_DELAY,
            null,
            "The longest wait before a redelivery. With only redeliveryDelay: 10s, or redeliveryDelay if that is"
                    + " longer (0 with a redeliveryDelay of 0).");

    /** The wire format. */
    public static final UriParameter FORMAT = UriParameter.choice(
            ProviderUri.FORMAT,
            "gochannel",
            "The wire format: gochannel (the body as it is, the context as the broker's headers) or cloudevents (each"
                    + " event a CloudEvent, as the broker's CloudEvents binding says; see docs/cloudevents.md).",
            "gochannel",
            "cloudevents");
    /** The CloudEvents mode. */
    public static final UriParameter CLOUDEVENTS_MODE = UriParameter.choice(
            ProviderUri.CLOUDEVENTS_MODE,
            "binary",
            "With format=cloudevents: binary (the body is the data, the attributes are headers) or structured (one"
                    + " application/cloudevents+json body). Received messages are read in either mode.",
            "binary",
            "structured");
    /** The CloudEvents source of events that name none. */
    public static final UriParameter CLOUDEVENTS_SOURCE = UriParameter.text(
            ProviderUri.CLOUDEVENTS_SOURCE,
            "/gochannel/<topic>",
            "With format=cloudevents: the source of events whose context has no source entry (a URI reference).");
    /** The CloudEvents type of events that name none. */
    public static final UriParameter CLOUDEVENTS_TYPE = UriParameter.text(
            ProviderUri.CLOUDEVENTS_TYPE,
            ProviderUri.DEFAULT_CLOUDEVENTS_TYPE,
            "With format=cloudevents: the type of events whose context has no type entry.");

    private final String provider;
    private final List<UriParameter> parameters;

    private UriParameters(String provider, List<UriParameter> parameters) {
        this.provider = provider;
        this.parameters = List.copyOf(parameters);
    }

    /**
     * The common parameters, then {@code own}.
     *
     * @param provider how the provider is named in errors, for example {@code kafka}
     */
    public static UriParameters of(String provider, UriParameter... own) {
        List<UriParameter> all = new ArrayList<>(List.of(
                GROUP,
                REDELIVERY_DELAY,
                MAX_REDELIVERY_DELAY,
                FORMAT,
                CLOUDEVENTS_MODE,
                CLOUDEVENTS_SOURCE,
                CLOUDEVENTS_TYPE));
        all.addAll(List.of(own));
        return new UriParameters(provider, all);
    }

    /** Every parameter, the common ones first. */
    public List<UriParameter> all() {
        return parameters;
    }

    /**
     * Fails if {@code uri} has a parameter none of these is, or a value of the wrong kind.
     *
     * @return {@code uri}
     * @throws IllegalArgumentException naming the parameter, the accepted ones and the URI, masked
     */
    public ProviderUri check(ProviderUri uri) {
        String previous = null;
        for (Map.Entry<String, String> param : uri.params().entrySet()) {
            UriParameter declared = find(param.getKey());
            if (declared == null && previous != null && isSecret(previous)) {
                // Likely the tail of a secret that held an unencoded '&' ("sslpassword=ab&cd=ef"): neither its name nor
                // the URI (which shows it as a parameter) is printed.
                throw new IllegalArgumentException("an unknown parameter follows the secret parameter '" + previous
                        + "' in a " + uri.scheme()
                        + ": URI (not shown: it may hold a secret): if that secret holds & or =,"
                        + " percent-encode them (%26, %3D); the " + provider + " provider accepts: " + acceptedNames());
            }
            if (declared == null) {
                throw new IllegalArgumentException("unknown parameter '" + param.getKey() + "' in " + uri.masked()
                        + "; the " + provider + " provider accepts: " + acceptedNames());
            }
            declared.check(param.getKey(), param.getValue(), uri);
            previous = param.getKey();
        }
        return uri;
    }

    private boolean isSecret(String name) {
        UriParameter declared = find(name);
        return ProviderUri.isSecret(name) || (declared != null && declared.secret());
    }

    /** The declaration a parameter of this name falls under, or {@code null}. */
    public UriParameter find(String name) {
        for (UriParameter parameter : parameters) {
            if (parameter.kind() != UriParameter.Kind.PASSED_ON && parameter.matches(name)) {
                return parameter;
            }
        }
        for (UriParameter parameter : parameters) {
            if (parameter.matches(name)) {
                return parameter;
            }
        }
        return null;
    }

    /** The names, as the "unknown parameter" error lists them. */
    public String acceptedNames() {
        return parameters.stream().map(UriParameter::name).collect(Collectors.joining(", "));
    }

    /** The parameter table of the provider's page: name, kind, default, what it does. */
    public String markdownTable() {
        StringBuilder out = new StringBuilder("| parameter | takes | default | what it does |\n|---|---|---|---|\n");
        for (UriParameter parameter : parameters) {
            String name =
                    parameter.kind() == UriParameter.Kind.PASSED_ON ? parameter.name() : "`" + parameter.name() + "`";
            out.append("| ")
                    .append(name)
                    .append(" | ")
                    .append(parameter.kindShown())
                    .append(parameter.secret() ? ", secret (masked)" : "")
                    .append(" | ")
                    .append(parameter.defaultValue() == null ? "" : "`" + parameter.defaultValue() + "`")
                    .append(" | ")
                    .append(parameter.description().replace("|", "\\|"))
                    .append(" |\n");
        }
        return out.toString();
    }
}
