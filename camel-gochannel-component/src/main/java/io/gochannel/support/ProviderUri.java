package io.gochannel.support;

import io.gochannel.Backoff;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.camel.util.TimeUtils;

/**
 * A provider URI taken apart: {@code scheme:[//[user[:password]@]host[:port][,host[:port]...]][/path][?name=value&...]}.
 *
 * <p>{@link #toString()} and {@link #masked()} never show a secret: the password of the user info
 * and every parameter whose name says it holds a secret ({@code password}, {@code secret},
 * {@code token}, {@code credential}, {@code jaas}, or ending in {@code key}) are replaced by {@code ***}. Use
 * {@link #raw()} only to connect, never to log. Immutable.
 */
public final class ProviderUri {
    /** The parameter every provider takes: the consumer group. */
    public static final String GROUP = "group";
    /** The wire format: {@code gochannel} (the default) or {@code cloudevents}. */
    public static final String FORMAT = "format";
    /** With {@code format=cloudevents}: {@code binary} (the default) or {@code structured}. */
    public static final String CLOUDEVENTS_MODE = "cloudevents.mode";
    /** With {@code format=cloudevents}: the source of events whose context names none. */
    public static final String CLOUDEVENTS_SOURCE = "cloudevents.source";
    /** With {@code format=cloudevents}: the type of events whose context names none. */
    public static final String CLOUDEVENTS_TYPE = "cloudevents.type";
    /** The CloudEvents type of events whose context and URI name none. */
    public static final String DEFAULT_CLOUDEVENTS_TYPE = "io.gochannel.event";
    /** The group used when the URI names none. */
    public static final String DEFAULT_GROUP = "default";
    /** The parameter every provider takes: the delay before a nacked message's first redelivery ({@code 0}: at once, every time). */
    public static final String REDELIVERY_DELAY = "redeliveryDelay";
    /** The parameter every provider takes: the longest redelivery delay. */
    public static final String MAX_REDELIVERY_DELAY = "maxRedeliveryDelay";
    /** Parameters every provider accepts besides its own: the group, the nack backoff and the wire format. */
    public static final Set<String> COMMON_PARAMS = Set.of(
            GROUP,
            REDELIVERY_DELAY,
            MAX_REDELIVERY_DELAY,
            FORMAT,
            CLOUDEVENTS_MODE,
            CLOUDEVENTS_SOURCE,
            CLOUDEVENTS_TYPE);

    /** Milliseconds, or numbers each with a unit: 250ms, 2s, 1m30s, 12h. */
    /** The longest duration a parameter takes: anything longer is a mistake, and would overflow in nanoseconds. */
    private static final Duration LONGEST_DURATION = Duration.ofDays(365);

    private static final Pattern DURATION = Pattern.compile("\\d+|(\\d+(ms|s|m|h|d))+");

    private final String raw;
    private final String scheme;
    private final String rest;
    private final String userInfo;
    private final String authority;
    private final String path;
    private final Map<String, String> params;

    private ProviderUri(
            String raw,
            String scheme,
            String rest,
            String userInfo,
            String authority,
            String path,
            Map<String, String> params) {
        this.raw = raw;
        this.scheme = scheme;
        this.rest = rest;
        this.userInfo = userInfo;
        this.authority = authority;
        this.path = path;
        this.params = params;
    }

    /**
     * Parses {@code uri}.
     *
     * @throws IllegalArgumentException if it has no {@code scheme:} or a malformed parameter
     */
    public static ProviderUri parse(String uri) {
        if (uri == null || uri.isBlank()) {
            throw new IllegalArgumentException(
                    "provider URI is empty: use for example 'memory:' or 'kafka://localhost:9092'");
        }
        String trimmed = uri.strip();
        int colon = trimmed.indexOf(':');
        if (colon <= 0 || !trimmed.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
            throw new IllegalArgumentException("provider URI '" + maskFreeText(trimmed)
                    + "' has no scheme: write it as scheme:..., for example 'memory:' or 'kafka://localhost:9092'");
        }
        String scheme = trimmed.substring(0, colon).toLowerCase(Locale.ROOT);
        String rest = trimmed.substring(colon + 1);
        String beforeQuery = rest;
        String query = null;
        int q = rest.indexOf('?');
        if (q >= 0) {
            beforeQuery = rest.substring(0, q);
            query = rest.substring(q + 1);
        }
        String userInfo = null;
        String authority = null;
        String path = beforeQuery;
        if (beforeQuery.startsWith("//")) {
            String afterSlashes = beforeQuery.substring(2);
            int slash = afterSlashes.indexOf('/');
            String auth = slash >= 0 ? afterSlashes.substring(0, slash) : afterSlashes;
            path = slash >= 0 ? afterSlashes.substring(slash) : "";
            int at = auth.lastIndexOf('@');
            if (at >= 0) {
                userInfo = auth.substring(0, at);
                auth = auth.substring(at + 1);
            }
            authority = auth;
            if (userInfo == null && query != null && query.indexOf('@') >= 0 && !looksLikeHostAndPort(auth)) {
                // "//:pa?ss=x@host": the password held a '?' (unencoded), so the query starts inside it, and what
                // follows
                // would be printed as parameters. Nothing of it is printed.
                throw new IllegalArgumentException(
                        "the " + scheme + ": provider URI cannot be read: its user info seems"
                                + " to hold an unencoded '?' (a password with ?, & or / must be percent-encoded: %3F, %26, %2F);"
                                + " the URI is not shown, as it may hold a password");
            }
        }
        Map<String, String> params = new LinkedHashMap<>();
        if (query != null && !query.isEmpty()) {
            for (String pair : pairs(query)) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    // Nothing of it is printed: it may be the tail of a password holding a '?' or an '&'.
                    throw new IllegalArgumentException(
                            "a parameter of the " + scheme + ": provider URI is not name=value"
                                    + " (a password with ?, & or / must be percent-encoded: %3F, %26, %2F)");
                }
                String value = pair.substring(eq + 1);
                params.put(decode(pair.substring(0, eq)), isRaw(value) ? value : decode(value));
            }
        }
        return new ProviderUri(trimmed, scheme, rest, userInfo, authority, path, Collections.unmodifiableMap(params));
    }

    /** The scheme, lower case. */
    public String scheme() {
        return scheme;
    }

    /** Everything after {@code scheme:}, unparsed (the {@code camel:} provider's inner URI). May hold secrets. */
    public String schemeSpecificPart() {
        return rest;
    }

    /** The {@code host:port[,host:port]} part, or {@code null} if the URI has no {@code //}. */
    public String authority() {
        return authority;
    }

    /** The hosts of the authority, in order; empty if there is none. */
    public List<String> hosts() {
        if (authority == null || authority.isEmpty()) {
            return List.of();
        }
        return Arrays.stream(authority.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    /** One server's address: a host name or address (IPv6 without brackets) and a port. */
    public record HostAndPort(String host, int port) {}

    /**
     * The one host of a provider that connects to a single server, with {@code defaultPort} when the URI
     * names none ({@code [::1]:6379} for IPv6).
     *
     * @param form how to write the URI, for the error ({@code redis://host:6379})
     * @throws IllegalArgumentException if there is no host, more than one, or a port that is not a number
     */
    public HostAndPort singleHost(int defaultPort, String form) {
        List<String> hosts = hosts();
        if (hosts.size() != 1) {
            throw new IllegalArgumentException(
                    "the " + scheme + " provider needs one host: write " + form + " (got " + masked() + ")");
        }
        String host = hosts.get(0);
        int port = defaultPort;
        int colon = host.lastIndexOf(':');
        if (colon > 0 && !host.endsWith("]")) {
            try {
                port = Integer.parseInt(host.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the port in " + masked() + " is not a number");
            }
            host = host.substring(0, colon);
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException(
                    "the " + scheme + " provider needs a host: write " + form + " (got " + masked() + ")");
        }
        return new HostAndPort(host, port);
    }

    /** The user of the user info, decoded, or {@code null}. */
    public String user() {
        if (userInfo == null) {
            return null;
        }
        int colon = userInfo.indexOf(':');
        return decode(colon >= 0 ? userInfo.substring(0, colon) : userInfo);
    }

    /** The password of the user info, decoded, or {@code null}. Never log it. */
    public String password() {
        if (userInfo == null || userInfo.indexOf(':') < 0) {
            return null;
        }
        return decode(userInfo.substring(userInfo.indexOf(':') + 1));
    }

    /** The path after the authority ({@code /vhost}, {@code /db}), possibly empty. */
    public String path() {
        return path;
    }

    /** The parameters, decoded, in the order given. */
    public Map<String, String> params() {
        return params;
    }

    /** A parameter, or {@code defaultValue} if absent. */
    public String param(String name, String defaultValue) {
        return params.getOrDefault(name, defaultValue);
    }

    /** An integer parameter, or {@code defaultValue}; a non-integer value is an error naming the parameter. */
    public int intParam(String name, int defaultValue) {
        String value = params.get(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("parameter '" + name + "' of " + masked()
                    + " must be a whole number, got '" + (isSecret(name) ? "***" : value) + "'");
        }
    }

    /**
     * A duration parameter: milliseconds, or with a unit ({@code 250ms}, {@code 2s}, {@code 1m}); {@code null}
     * if absent. A negative or malformed value is an error naming the parameter.
     */
    public Duration durationParam(String name) {
        String value = params.get(name);
        if (value == null) {
            return null;
        }
        try {
            // Camel's parser reads what it does not understand ("abc", "1x", "2S") as 0: a typo would mean "at once".
            if (!DURATION.matcher(value.strip()).matches()) {
                throw new IllegalArgumentException("not a duration");
            }
            long millis = TimeUtils.toMilliSeconds(value.strip());
            if (millis < 0 || millis > LONGEST_DURATION.toMillis()) {
                throw new IllegalArgumentException("out of range");
            }
            return Duration.ofMillis(millis);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("parameter '" + name + "' of " + masked()
                    + " must be a duration of at most 365 days such as 250 (milliseconds), 250ms, 2s or 1h, got '"
                    + (isSecret(name) ? "***" : value) + "'");
        }
    }

    /**
     * A duration parameter ({@link #durationParam(String)}), {@code defaultValue} when absent.
     *
     * @param why said when the value is below {@code shortest}, after "must be at least ..."
     */
    public Duration durationParam(String name, Duration defaultValue, Duration shortest, String why) {
        Duration value = durationParam(name);
        if (value == null) {
            return defaultValue;
        }
        if (value.compareTo(shortest) < 0) {
            throw new IllegalArgumentException("parameter '" + name + "' of " + masked() + " must be at least "
                    + shortest.toMillis() + " ms" + (why == null ? "" : ": " + why));
        }
        return value;
    }

    /** The consumer group: parameter {@code group}, default {@code default}, checked by {@link Names}. */
    public String group() {
        String group = params.getOrDefault(GROUP, DEFAULT_GROUP);
        try {
            return Names.group(group);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " (parameter 'group' of " + masked() + ")", e);
        }
    }

    /**
     * The nack back-off this URI sets ({@value #REDELIVERY_DELAY}, {@value #MAX_REDELIVERY_DELAY}, as
     * milliseconds or with a unit: {@code 250ms}, {@code 2s}), or {@code null} if it sets none: the transport's
     * then applies. A missing longest delay is {@link Backoff#DEFAULT}'s (or the first delay, if that is longer;
     * zero with a first delay of zero); a missing first delay is {@link Backoff#DEFAULT}'s (or the longest, if
     * that is shorter).
     *
     * @throws IllegalArgumentException naming the parameter if a value is not a duration
     */
    public Backoff redeliveryBackoff() {
        Duration delay = durationParam(REDELIVERY_DELAY);
        Duration longestParam = durationParam(MAX_REDELIVERY_DELAY);
        if (delay == null && longestParam == null) {
            return null;
        }
        Duration first = delay != null ? delay : shorter(Backoff.DEFAULT.initial(), longestParam);
        Duration longest = longestParam != null
                ? longestParam
                : first.isZero() ? Duration.ZERO : longer(Backoff.DEFAULT.max(), first);
        try {
            return Backoff.exponential(first, longest);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    e.getMessage() + " (parameters " + REDELIVERY_DELAY + " and " + MAX_REDELIVERY_DELAY + " of "
                            + masked() + ")",
                    e);
        }
    }

    private static Duration shorter(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Duration longer(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /**
     * The URI as given, with parameter {@code name} set to {@code value} (replacing it if present);
     * every other character stays as written. Holds secrets, like {@link #raw()}.
     */
    public String rawWithParam(String name, String value) {
        int q = raw.indexOf('?');
        StringBuilder out = new StringBuilder(q >= 0 ? raw.substring(0, q) : raw).append('?');
        if (q >= 0) {
            for (String pair : raw.substring(q + 1).split("&")) {
                int eq = pair.indexOf('=');
                if (!pair.isEmpty()
                        && !decode(eq >= 0 ? pair.substring(0, eq) : pair).equals(name)) {
                    out.append(pair).append('&');
                }
            }
        }
        return out.append(URLEncoder.encode(name, StandardCharsets.UTF_8))
                .append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8))
                .toString();
    }

    /** The URI as given, secrets included: only to connect. */
    public String raw() {
        return raw;
    }

    /** The URI with every secret replaced by {@code ***}. */
    public String masked() {
        StringBuilder out = new StringBuilder(scheme).append(':');
        if (authority != null && userInfo == null && path.indexOf('@') >= 0) {
            // "//user:pa/ss@host": the password held a '/' (unencoded), so the authority was cut inside it. What comes
            // before the last '@' is masked whole.
            String beforeQuery = rest.contains("?") ? rest.substring(0, rest.indexOf('?')) : rest;
            out.append("//***").append(beforeQuery.substring(beforeQuery.lastIndexOf('@')));
        } else if (authority != null) {
            out.append("//");
            if (userInfo != null) {
                int colon = userInfo.indexOf(':');
                out.append(colon >= 0 ? userInfo.substring(0, colon) + ":***" : userInfo)
                        .append('@');
            }
            out.append(authority).append(path);
        } else {
            String beforeQuery = rest.contains("?") ? rest.substring(0, rest.indexOf('?')) : rest;
            out.append(maskFreeText(beforeQuery));
        }
        if (!params.isEmpty()) {
            out.append('?');
            boolean first = true;
            for (Map.Entry<String, String> e : params.entrySet()) {
                // A value that is not secret by its name may still hold a URI with a password (the camel:
                // provider's brokerUrl=tcp://user:pass@host): masked as free text.
                out.append(first ? "" : "&")
                        .append(e.getKey())
                        .append('=')
                        .append(isSecret(e.getKey()) ? "***" : maskFreeText(e.getValue()));
                first = false;
            }
        }
        // Once more for user info: a password that a malformed URI put where no rule above masks it (holding an
        // unencoded character the parse cut at) is masked rather than shown.
        return maskUserInfo(out.toString());
    }

    /** Whether an authority without user info reads as {@code host[:port][,host[:port]...]}, a host present and ports numeric. */
    private static boolean looksLikeHostAndPort(String authority) {
        for (String host : authority.split(",")) {
            String h = host.strip();
            int colon = h.lastIndexOf(':');
            if (h.startsWith("[") && h.indexOf(']') > 0) { // [::1]:6379
                colon = h.indexOf("]:") > 0 ? h.indexOf("]:") + 1 : -1;
            }
            String name = colon >= 0 ? h.substring(0, colon) : h;
            String port = colon >= 0 ? h.substring(colon + 1) : "1";
            if (name.isEmpty() || !port.matches("\\d{1,5}")) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return masked();
    }

    /** Whether a parameter of this name holds a secret and must be masked. */
    public static boolean isSecret(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.contains("pass")
                || n.contains("pwd")
                || n.contains("secret")
                || n.contains("token")
                || n.contains("credential")
                || n.endsWith("key")
                || n.contains("jaas")
                || n.contains("signature")
                || n.contains("authenticationparams")
                || n.contains("webhookurl");
    }

    /**
     * Masks passwords inside free text (a URI that failed to parse, an error message, a parameter value):
     * the password of {@code scheme://user:password@host}, also with an empty user
     * ({@code redis://:password@host}) and with an {@code @} inside the password, the password of
     * {@code user:password@host} without a scheme, and the value of every {@code name=value} whose
     * name says it holds a secret (as {@link #isSecret}). {@code null} stays {@code null}.
     */
    public static String maskFreeText(String text) {
        if (text == null) {
            return null;
        }
        // User info first, its word ending where a secret parameter begins (whose value may hold an '@' that is no
        // host's); then the secret parameters.
        return maskSecretParameters(maskUserInfo(text));
    }

    /**
     * The value of every {@code name=value} whose name, as written or percent-decoded, mentions a secret
     * ({@code password}, {@code sslp%61ssword}, {@code password_1}, {@code pwd}, ...): up to the next {@code &}
     * (Camel's {@code RAW(...)} and {@code RAW{...}} whole), so more is masked rather than less. A name starts after
     * a character that cannot be part of it, so a pair whose name is harmless never hides a secret behind it
     * ({@code host=db password=x}). A scan, not a regular expression: linear on any input.
     */
    private static String maskSecretParameters(String text) {
        StringBuilder out = null;
        int copied = 0;
        int from = 0;
        for (int equals = text.indexOf('=', from); equals >= 0; equals = text.indexOf('=', from)) {
            int nameStart = nameStart(text, equals, 0);
            from = equals + 1;
            if (nameStart == equals || !looksSecretName(text.substring(nameStart, equals))) {
                continue;
            }
            int valueEnd = secretValueEnd(text, equals + 1);
            if (out == null) {
                out = new StringBuilder(text.length());
            }
            out.append(text, copied, equals + 1).append("***");
            copied = valueEnd;
            from = Math.max(valueEnd, equals + 1);
        }
        return out == null ? text : out.append(text, copied, text.length()).toString();
    }

    /** Where the parameter name before the '=' at {@code equals} starts, not before {@code floor}. */
    private static int nameStart(String text, int equals, int floor) {
        int start = equals;
        while (start > floor && isNameChar(text.charAt(start - 1))) {
            start--;
        }
        return start;
    }

    /** Whether a parameter name, as written or percent-decoded, mentions a secret. */
    private static boolean looksSecretName(String name) {
        return looksSecret(name) || looksSecret(decodeQuietly(name));
    }

    private static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '%' || c == '+' || c == '-';
    }

    /** Where a secret value starting at {@code start} ends: its RAW(...) or RAW{...} close, then the next '&'. */
    private static int secretValueEnd(String text, int start) {
        int from = start;
        if (text.startsWith("RAW(", start) || text.startsWith("RAW{", start)) {
            int close = rawEnd(text, start + 4, text.charAt(start + 3) == '(' ? ')' : '}');
            from = close < 0 ? text.length() : close + 1;
        }
        int ampersand = text.indexOf('&', from);
        return ampersand < 0 ? text.length() : ampersand;
    }

    /** Broader than {@link #isSecret}: in free text a name is masked when it merely mentions a secret. */
    private static boolean looksSecret(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return isSecret(n) || n.contains("key") || n.contains("jaas") || n.equals("sig") || n.contains("pwd");
    }

    /**
     * The passwords of {@code //user:password@host} and of {@code user:password@host} in {@code text}. After
     * {@code //} the user may be empty, and the password runs up to the last {@code @} of the word (it may hold an
     * unencoded {@code /}, {@code ?} or {@code @}); a password with spaces (a {@code ${PASSWORD}} put in raw) runs
     * to the first {@code @} within 64 characters of the line, no {@code / = ; ,} between, then on to the last
     * {@code @} of that word. More is masked then, never less. Scans, linear on any input.
     */
    private static String maskUserInfo(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        int n = text.length();
        int copied = 0;
        int wordWithoutAt = -1; // the end of a word already found to hold no '@' after a "//user:"
        for (int slashes = text.indexOf("//"); slashes >= 0 && slashes < n; slashes = text.indexOf("//", slashes + 1)) {
            if (slashes < copied) {
                continue;
            }
            int userEnd = slashes + 2;
            while (userEnd < n && !isUserInfoStop(text.charAt(userEnd))) {
                userEnd++;
            }
            if (userEnd >= n || text.charAt(userEnd) != ':') {
                continue;
            }
            int at = -1;
            if (userEnd >= wordWithoutAt) {
                int wordEnd = userEnd + 1;
                while (wordEnd < n && !isSpace(text.charAt(wordEnd))) {
                    if (text.charAt(wordEnd) == '=') {
                        int nameStart = nameStart(text, wordEnd, userEnd + 1);
                        if (nameStart < wordEnd
                                && startsParameter(text, nameStart)
                                && looksSecretName(text.substring(nameStart, wordEnd))) {
                            wordEnd = nameStart; // a secret parameter's value is the next pass's
                            break;
                        }
                    }
                    wordEnd++;
                }
                for (int k = wordEnd - 1; k > userEnd && at < 0; k--) {
                    if (text.charAt(k) == '@') {
                        at = k;
                    }
                }
                if (at < 0) {
                    at = -1;
                    wordWithoutAt = wordEnd;
                }
            }
            if (at < 0) {
                for (int k = userEnd + 1; k < Math.min(n, userEnd + 65); k++) {
                    char c = text.charAt(k);
                    if (c == '\n' || c == '/' || c == '=' || c == ';' || c == ',') {
                        break;
                    }
                    if (c == '@') {
                        at = k;
                        break;
                    }
                }
                // ...and from there, as a password without spaces, to the last '@' of its word.
                for (int k = at + 1; at > 0 && k < n && isSchemelessPasswordChar(text.charAt(k)); k++) {
                    if (text.charAt(k) == '@') {
                        at = k;
                    }
                }
            }
            if (at > userEnd) {
                out.append(text, copied, userEnd).append(":***@");
                copied = at + 1;
            }
        }
        out.append(text, copied, n);
        return maskSchemelessUserInfo(out.toString());
    }

    private static boolean isUserInfoStop(char c) {
        return c == '/' || c == ':' || c == '@' || c == '?' || c == '&' || c == '=' || isSpace(c);
    }

    /** {@code user:password@} without a scheme: the password after the first ':' of the run before each '@'. */
    private static String maskSchemelessUserInfo(String text) {
        StringBuilder out = null;
        int copied = 0;
        for (int at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
            int start = at;
            while (start > copied && isPasswordRunChar(text.charAt(start - 1))) {
                start--;
            }
            // As the pattern user:password@ reads, user being [^/:@?&=\s]+: the first ':' after a user character.
            int colon = -1;
            for (int k = start + 1; k < at; k++) {
                if (text.charAt(k) == ':' && isUserChar(text.charAt(k - 1))) {
                    colon = k;
                    break;
                }
            }
            if (colon < 0 || holdsSecretParameter(text, colon + 1, at)) {
                continue; // a secret parameter's value is the next pass's, '@' and all
            }
            if (text.startsWith("***", colon + 1) && colon + 4 == at) {
                continue; // masked already
            }
            if (out == null) {
                out = new StringBuilder(text.length());
            }
            // The password may hold an '@' itself: it runs to the last '@' of the word, not past a separator of
            // pairs (';', ',', '=', a quote), behind which another pair's name and value stand.
            for (int k = at + 1; k < text.length() && isSchemelessPasswordChar(text.charAt(k)); k++) {
                if (text.charAt(k) == '@') {
                    at = k;
                }
            }
            out.append(text, copied, colon + 1).append("***");
            copied = at;
        }
        return out == null ? text : out.append(text, copied, text.length()).toString();
    }

    /** Whether a secret parameter's name and '=' stand in text[from, to). */
    private static boolean holdsSecretParameter(String text, int from, int to) {
        for (int equals = from; equals < to; equals++) {
            if (text.charAt(equals) != '=') {
                continue;
            }
            int nameStart = nameStart(text, equals, from);
            if (nameStart < equals
                    && nameStart > from
                    && startsParameter(text, nameStart)
                    && looksSecretName(text.substring(nameStart, equals))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a name at {@code nameStart} stands where a parameter begins (after {@code ? & ; ,}, a quote or a
     * space), not inside a password ({@code guest:aGVsbG8keyX=@host}, whose "name" follows the ':').
     */
    private static boolean startsParameter(String text, int nameStart) {
        if (nameStart == 0) {
            return true;
        }
        char before = text.charAt(nameStart - 1);
        return before == '?'
                || before == '&'
                || before == ';'
                || before == ','
                || before == '"'
                || before == '\''
                || isSpace(before);
    }

    /** The whitespace of a regular expression's \\s: what the masking took for a word's end before. */
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B;
    }

    private static boolean isUserChar(char c) {
        return !isUserInfoStop(c);
    }

    private static boolean isSchemelessPasswordChar(char c) {
        return c == '@' || (isPasswordRunChar(c) && c != ';' && c != ',' && c != '=' && c != '"' && c != '\'');
    }

    private static boolean isPasswordRunChar(char c) {
        return c != '@' && c != '/' && c != '?' && c != '&' && !isSpace(c);
    }

    /**
     * The {@code name=value} pairs of a query, split at {@code &} except inside Camel's {@code RAW(...)} and
     * {@code RAW{...}} values (which keep a password's characters as they are, {@code &} included).
     */
    private static List<String> pairs(String query) {
        List<String> pairs = new java.util.ArrayList<>();
        int start = 0;
        int i = 0;
        while (i <= query.length()) {
            if (i == query.length() || query.charAt(i) == '&') {
                pairs.add(query.substring(start, i));
                start = i + 1;
                i++;
                continue;
            }
            if (query.startsWith("=RAW(", i) || query.startsWith("=RAW{", i)) {
                char close = query.charAt(i + 4) == '(' ? ')' : '}';
                int end = rawEnd(query, i + 5, close);
                i = end >= 0 ? end + 1 : query.length();
                continue;
            }
            i++;
        }
        return pairs;
    }

    /** Where a RAW value opened before {@code from} closes: the first {@code close} followed by {@code &} or the end. */
    private static int rawEnd(String query, int from, char close) {
        for (int j = query.indexOf(close, from); j >= 0; j = query.indexOf(close, j + 1)) {
            if (j + 1 == query.length() || query.charAt(j + 1) == '&') {
                return j;
            }
        }
        return -1;
    }

    private static boolean isRaw(String value) {
        return (value.startsWith("RAW(") && value.endsWith(")")) || (value.startsWith("RAW{") && value.endsWith("}"));
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            // Not the decoder's message: it quotes the characters after the '%', which may be a password's.
            throw new IllegalArgumentException("the URI holds a '%' that starts no valid percent-escape (%XX): write"
                    + " a '%' in a user, password or parameter as %25");
        }
    }

    /** {@code s} percent-decoded, or as it is where it cannot be (free text is not always a URI). */
    private static String decodeQuietly(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }
}
