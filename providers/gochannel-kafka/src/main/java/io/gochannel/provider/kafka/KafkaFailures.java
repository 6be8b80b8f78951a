package io.gochannel.provider.kafka;

import io.gochannel.support.ProviderUri;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.InvalidGroupIdException;
import org.apache.kafka.common.errors.UnreleasedInstanceIdException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * How the poll loop tells a failure it retries from one that ends the member. Retried (with the shared
 * read-failure back-off, reported as the subscription's problem meanwhile): every {@link KafkaException}
 * the consumer can go on after, including a missing ACL (fixed by an operator), failed authentication and
 * a record the client cannot read (it is never skipped: skipping would lose it). Fatal: the consumer
 * instance can no longer take part in the group, whatever is retried. (A broker that is merely
 * unreachable is not a failure of the poll: the client reconnects by itself and the poll returns nothing.)
 */
final class KafkaFailures {
    private KafkaFailures() {}

    /**
     * A newer member took this one's {@code group.instance.id} (static membership: the group now serves that
     * one, and rejoining would fence it in turn), the group id is refused, or the broker cannot serve this
     * client at all.
     */
    static boolean isFatal(KafkaException e) {
        return e instanceof FencedInstanceIdException
                || e instanceof UnreleasedInstanceIdException
                || e instanceof InvalidGroupIdException
                || e instanceof UnsupportedVersionException;
    }

    /** The failure in one line: its type (what operators search for) and message, credentials masked. */
    static String describe(Throwable e) {
        String hint = e instanceof FencedInstanceIdException
                ? " (another member joined the group with the same group.instance.id: give each member its own)"
                : "";
        String message = e.getMessage() == null ? "" : ": " + e.getMessage();
        return ProviderUri.maskFreeText(e.getClass().getSimpleName() + message) + hint;
    }

    /** The problem health reports while a failure is retried. */
    static String problem(String topic, KafkaSettings settings, Throwable e) {
        return "cannot consume topic '" + topic + "' as group '" + settings.group + "' from " + settings.uri.masked()
                + ": " + describe(e) + "; retrying";
    }
}
