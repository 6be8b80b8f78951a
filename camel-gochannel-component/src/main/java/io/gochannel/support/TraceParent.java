package io.gochannel.support;

/**
 * The W3C Trace Context {@code traceparent} value, parsed as the specification says a receiver parses it:
 * {@code version "-" trace-id "-" parent-id "-" flags}, lower-case hex of 2, 32, 16 and 2 digits; version
 * {@code ff} is invalid; version {@code 00} is exactly 55 characters, a later version may append
 * {@code "-" ...}; neither id may be all zeros. Anything else is not a trace context, to be ignored (the
 * trace restarts), never half-read: the ids go into log lines and to brokers.
 */
public final class TraceParent {
    private static final int LENGTH = 55;

    private TraceParent() {}

    /** Whether {@code value} is a {@code traceparent} a receiver may continue. */
    public static boolean isValid(String value) {
        if (value == null || value.length() < LENGTH) {
            return false;
        }
        if (!isHex(value, 0, 2) || value.startsWith("ff")) {
            return false;
        }
        if (value.startsWith("00")
                ? value.length() != LENGTH
                : value.length() > LENGTH && value.charAt(LENGTH) != '-') {
            return false;
        }
        return value.charAt(2) == '-'
                && value.charAt(35) == '-'
                && value.charAt(52) == '-'
                && isHex(value, 3, 35)
                && !isZero(value, 3, 35)
                && isHex(value, 36, 52)
                && !isZero(value, 36, 52)
                && isHex(value, 53, 55);
    }

    /** The 32-digit trace id of a {@linkplain #isValid valid} value, else {@code null}. */
    public static String traceId(String value) {
        return isValid(value) ? value.substring(3, 35) : null;
    }

    /** The 16-digit parent (span) id of a {@linkplain #isValid valid} value, else {@code null}. */
    public static String parentId(String value) {
        return isValid(value) ? value.substring(36, 52) : null;
    }

    private static boolean isHex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isZero(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) != '0') {
                return false;
            }
        }
        return true;
    }
}
