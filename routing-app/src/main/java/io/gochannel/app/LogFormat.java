package io.gochannel.app;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app's log format, from the environment variable {@code GOCHANNEL_LOG_FORMAT}: {@value #TEXT},
 * the default, for a terminal, or {@value #JSON}, one ECS object per line for a machine (log4j2.xml picks the
 * layout from the same variable).
 */
final class LogFormat {
    static final String TEXT = "text";
    static final String JSON = "json";
    private static final Logger LOG = LoggerFactory.getLogger(RoutingApp.class);

    private LogFormat() {}

    private static final java.util.Set<String> LEVELS =
            java.util.Set.of("trace", "debug", "info", "warn", "error", "off");

    /**
     * What is wrong with {@code GOCHANNEL_LOG_FORMAT} or {@code GOCHANNEL_LOG_LEVEL}, or {@code null}: Log4j would
     * fall back in silence (text lines for a machine that expects JSON, errors only for a level it does not know).
     */
    static String configurationProblem() {
        if (fromEnvironment() == null) {
            return problem();
        }
        String level = System.getenv("GOCHANNEL_LOG_LEVEL");
        if (level != null && !level.isEmpty() && !LEVELS.contains(level.toLowerCase(java.util.Locale.ROOT))) {
            return "GOCHANNEL_LOG_LEVEL is '" + level + "': set it to one of trace, debug, info (the default), warn,"
                    + " error, off";
        }
        return null;
    }

    /** {@value #TEXT} or {@value #JSON}; {@code null} for any other value ({@link #problem} says what is wrong). */
    static String fromEnvironment() {
        String value = configured();
        if (value == null || value.isEmpty()) {
            return TEXT;
        }
        // Exactly, as log4j2.xml compares it: "JSON" or " json" would get text lines and believe they got JSON.
        return value.equals(TEXT) || value.equals(JSON) ? value : null;
    }

    static String problem() {
        return "GOCHANNEL_LOG_FORMAT is '" + configured() + "': set it to " + TEXT + " (the default) or " + JSON
                + ", in lower case";
    }

    private static String configured() {
        return System.getenv("GOCHANNEL_LOG_FORMAT");
    }

    /** The one line a failed start-up prints: a JSON log line when logs are JSON, else plain text on stderr. */
    static void startFailed(String line) {
        if (JSON.equals(fromEnvironment())) {
            LOG.error(line);
        } else {
            System.err.println(line);
        }
    }
}
