package io.gochannel.support;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;
import org.apache.camel.util.TimeUtils;

/**
 * One parameter a provider URI takes, declared once, as data, in the provider's settings: its name, its kind
 * (which values are accepted), its default, whether it holds a secret, and one line saying what it does. The
 * provider's {@link UriParameters} check URIs against these, name them in the "unknown parameter" error, and
 * write the parameter table of the provider's page in {@code docs/providers}. Immutable.
 */
public final class UriParameter {

    /** What values a parameter takes. */
    public enum Kind {
        /** Any text. */
        TEXT("text"),
        /** A whole number. */
        INTEGER("integer"),
        /** {@code true} or {@code false}. */
        BOOLEAN("true / false"),
        /** Milliseconds, or a number with a unit: {@code 250ms}, {@code 2s}, {@code 1m}. */
        DURATION("duration"),
        /** One of the listed values. */
        CHOICE("one of"),
        /** Parameters passed on as they are, by their own names (a client's properties). */
        PASSED_ON("passed on");

        private final String shown;

        Kind(String shown) {
            this.shown = shown;
        }
    }

    private final String name;
    private final Kind kind;
    private final String defaultValue;
    private final boolean secret;
    private final String description;
    private final List<String> choices;
    private final Predicate<String> family;

    private UriParameter(
            String name,
            Kind kind,
            String defaultValue,
            boolean secret,
            String description,
            List<String> choices,
            Predicate<String> family) {
        this.name = Objects.requireNonNull(name, "name");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.defaultValue = defaultValue;
        this.secret = secret;
        this.description = Objects.requireNonNull(description, "description");
        this.choices = List.copyOf(choices);
        this.family = family;
    }

    /** A text parameter; {@code defaultValue} may be {@code null} (none). */
    public static UriParameter text(String name, String defaultValue, String description) {
        return new UriParameter(name, Kind.TEXT, defaultValue, false, description, List.of(), null);
    }

    /**
     * A text parameter that holds a secret: masked wherever a URI is shown, never given a default.
     *
     * @throws IllegalArgumentException if {@code name} is not one {@link ProviderUri#isSecret} masks (masking
     *     works on names, before a URI's provider is known): name it with "password", "secret", "token",
     *     "credential" or a "key" ending
     */
    public static UriParameter secret(String name, String description) {
        if (!ProviderUri.isSecret(name)) {
            throw new IllegalArgumentException("parameter '" + name + "' is declared secret, but its name is not one"
                    + " that masking recognizes, so its value would be shown: name it with password, secret, token,"
                    + " credential or a key ending");
        }
        return new UriParameter(name, Kind.TEXT, null, true, description, List.of(), null);
    }

    /** A whole number; {@code defaultValue} may be {@code null} (none: the broker's own default, say). */
    public static UriParameter integer(String name, Integer defaultValue, String description) {
        return new UriParameter(
                name,
                Kind.INTEGER,
                defaultValue == null ? null : defaultValue.toString(),
                false,
                description,
                List.of(),
                null);
    }

    /** {@code true} or {@code false}. */
    public static UriParameter bool(String name, boolean defaultValue, String description) {
        return new UriParameter(
                name, Kind.BOOLEAN, Boolean.toString(defaultValue), false, description, List.of(), null);
    }

    /** A duration; {@code defaultValue} may be {@code null}. */
    public static UriParameter duration(String name, Duration defaultValue, String description) {
        return new UriParameter(
                name,
                Kind.DURATION,
                defaultValue == null ? null : shown(defaultValue),
                false,
                description,
                List.of(),
                null);
    }

    /** One of {@code choices}, compared ignoring case; {@code defaultValue} may be {@code null}. */
    public static UriParameter choice(String name, String defaultValue, String description, String... choices) {
        return new UriParameter(name, Kind.CHOICE, defaultValue, false, description, List.of(choices), null);
    }

    /**
     * Every parameter whose name {@code family} accepts, passed on as it is (Kafka's client properties: any name
     * with a dot; the PostgreSQL driver's {@code ssl...} parameters).
     *
     * @param shownAs how the docs and the error name the family, for example {@code <name with a dot>}
     */
    public static UriParameter passedOn(String shownAs, Predicate<String> family, String description) {
        return new UriParameter(
                shownAs, Kind.PASSED_ON, null, false, description, List.of(), Objects.requireNonNull(family, "family"));
    }

    /** The name (for a {@link Kind#PASSED_ON} family: how it is shown). */
    public String name() {
        return name;
    }

    /** Which values it takes. */
    public Kind kind() {
        return kind;
    }

    /** The value when the URI does not set it, as written in a URI; {@code null}: none. */
    public String defaultValue() {
        return defaultValue;
    }

    /** Whether its value is a secret: masked wherever a URI is shown. */
    public boolean secret() {
        return secret;
    }

    /** One line on what it does. */
    public String description() {
        return description;
    }

    /** The accepted values of a {@link Kind#CHOICE}; empty otherwise. */
    public List<String> choices() {
        return choices;
    }

    /** Whether a parameter of this name is this one (or one of this family). */
    public boolean matches(String parameterName) {
        return family != null ? family.test(parameterName) : name.equals(parameterName);
    }

    /** The default as a duration. @throws IllegalStateException if this is no duration with a default */
    public Duration defaultDuration() {
        if (kind != Kind.DURATION || defaultValue == null) {
            throw new IllegalStateException("parameter '" + name + "' has no default duration");
        }
        return Duration.ofMillis(TimeUtils.toMilliSeconds(defaultValue));
    }

    /** The default as a whole number. @throws IllegalStateException if this is no integer with a default */
    public int defaultInt() {
        if (kind != Kind.INTEGER || defaultValue == null) {
            throw new IllegalStateException("parameter '" + name + "' has no default number");
        }
        return Integer.parseInt(defaultValue);
    }

    /**
     * Fails, naming this parameter and what it takes, if {@code value} is not of its kind.
     *
     * @param uri the URI the value comes from, for the message (masked)
     */
    void check(String parameterName, String value, ProviderUri uri) {
        String shownValue = secret || ProviderUri.isSecret(parameterName) ? "***" : "'" + value + "'";
        switch (kind) {
            case INTEGER -> {
                try {
                    Integer.parseInt(value.strip());
                } catch (NumberFormatException e) {
                    throw bad(parameterName, uri, "a whole number", shownValue);
                }
            }
            case BOOLEAN -> {
                if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                    throw bad(parameterName, uri, "true or false", shownValue);
                }
            }
            case DURATION -> uri.durationParam(parameterName);
            case CHOICE -> {
                if (choices.stream().noneMatch(c -> c.equalsIgnoreCase(value.strip()))) {
                    throw bad(parameterName, uri, "one of " + String.join(", ", choices), shownValue);
                }
            }
            default -> {}
        }
    }

    private static IllegalArgumentException bad(String name, ProviderUri uri, String expected, String shownValue) {
        return new IllegalArgumentException(
                "parameter '" + name + "' of " + uri.masked() + " must be " + expected + ", got " + shownValue);
    }

    /** The kind as the docs' table shows it. */
    String kindShown() {
        return kind == Kind.CHOICE ? String.join(" / ", choices) : kind.shown;
    }

    private static String shown(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 3_600_000 == 0 && millis > 0) {
            return millis / 3_600_000 + "h";
        } else if (millis % 60_000 == 0 && millis > 0) {
            return millis / 60_000 + "m";
        } else if (millis % 1000 == 0 && millis > 0) {
            return millis / 1000 + "s";
        }
        return millis + "ms";
    }

    @Override
    public String toString() {
        return name + " (" + kind.name().toLowerCase(Locale.ROOT) + ")";
    }
}
