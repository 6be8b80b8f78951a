package io.gochannel.support;

import java.util.regex.Pattern;

/**
 * The one rule for topic and group names: letters, digits, {@code -} and {@code _}, 1 to 80
 * characters. Every broker accepts these (SQS and SNS included), and providers join a topic and a
 * group with {@code .} where they need one name, so no two pairs collide.
 */
public final class Names {
    /** The longest name accepted. */
    public static final int MAX_LENGTH = 80;

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1," + MAX_LENGTH + "}");

    private Names() {}

    /** Returns {@code topic} if valid, else throws a message naming it and the rule. */
    public static String topic(String topic) {
        return check("topic", topic);
    }

    /** Returns {@code group} if valid, else throws a message naming it and the rule. */
    public static String group(String group) {
        return check("group", group);
    }

    private static String check(String kind, String name) {
        if (name == null || !VALID.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid " + kind + " name " + quote(name) + ": use 1 to " + MAX_LENGTH
                    + " letters, digits, '-' or '_' (names every broker accepts)");
        }
        return name;
    }

    private static String quote(String name) {
        if (name == null) {
            return "null";
        }
        String shown = name.length() > 100 ? name.substring(0, 100) + "..." : name;
        return "'" + shown + "'" + (name.length() > MAX_LENGTH ? " (" + name.length() + " characters)" : "");
    }
}
