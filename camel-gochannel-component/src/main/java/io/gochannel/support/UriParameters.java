package io.gochannel.support;

import io.gochannel.Backoff;
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
            Backoff.DEFAULT.initial(),
            "How long a nacked message waits before its first redelivery, doubling per attempt; 0:"
                    + " at once, every time. Wins over the transport's GoChannel.withRedeliveryBackoff.");
    /** The nack back-off's longest delay. */
    public static final UriParameter MAX_REDELIVERY_DELAY = UriParameter.duration(
            ProviderUri.MAX_REDELIVERY_DELAY, Backoff.DEFAULT.max(), "The longest wait before a redelivery.");

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
        List<UriParameter> all = new ArrayList<>(List.of(GROUP, REDELIVERY_DELAY, MAX_REDELIVERY_DELAY));
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
        for (Map.Entry<String, String> param : uri.params().entrySet()) {
            UriParameter declared = find(param.getKey());
            if (declared == null) {
                throw new IllegalArgumentException("unknown parameter '" + param.getKey() + "' in " + uri.masked()
                        + "; the " + provider + " provider accepts: " + acceptedNames());
            }
            declared.check(param.getKey(), param.getValue(), uri);
        }
        return uri;
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
