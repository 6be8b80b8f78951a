package io.gochannel.provider.aws;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The names gochannel gives SQS queues and SNS topics. SQS queue names are at most 80 characters,
 * {@code .fifo} included, of letters, digits, {@code -} and {@code _}; topic and group names follow
 * the same rule (at most 80), so:
 * <ul>
 *   <li>the queue of topic {@code t} is {@code t} ({@code t.fifo} for FIFO); a FIFO topic name longer
 *       than 75 characters keeps its first 66 and gets {@code -} and 8 hex digits of a SHA-256 of the
 *       whole name before {@code .fifo};</li>
 *   <li>the queue of topic {@code t} and group {@code g} (SNS receivers) is {@code t-g-h}, {@code h}
 *       being 8 hex digits of a SHA-256 of {@code t} and {@code g}, so that pairs whose joined names
 *       look alike ({@code a-b}+{@code c} and {@code a}+{@code b-c}) still get different queues; where
 *       that is too long, {@code t-g} is cut to fit before {@code -h} (and {@code .fifo});</li>
 *   <li>the SNS topic of {@code t} is {@code t} ({@code t.fifo}): SNS allows 256 characters.</li>
 * </ul>
 */
final class AwsNames {
    static final int MAX_QUEUE_NAME = 80;
    static final String FIFO_SUFFIX = ".fifo";
    private static final int HASH_CHARS = 8;

    private AwsNames() {}

    /** The SQS queue of {@code topic}. */
    static String queue(String topic, boolean fifo) {
        if (!fifo) {
            return topic;
        }
        int room = MAX_QUEUE_NAME - FIFO_SUFFIX.length();
        if (topic.length() <= room) {
            return topic + FIFO_SUFFIX;
        }
        return topic.substring(0, room - HASH_CHARS - 1) + "-" + hash(topic) + FIFO_SUFFIX;
    }

    /** The SQS queue that receives {@code topic}'s SNS notifications for {@code group}. */
    static String groupQueue(String topic, String group, boolean fifo) {
        String suffix = "-" + hash(topic + "\u0000" + group) + (fifo ? FIFO_SUFFIX : "");
        String readable = topic + "-" + group;
        int room = MAX_QUEUE_NAME - suffix.length();
        return (readable.length() <= room ? readable : readable.substring(0, room)) + suffix;
    }

    /** The SNS topic of {@code topic}. */
    static String snsTopic(String topic, boolean fifo) {
        return fifo ? topic + FIFO_SUFFIX : topic;
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HASH_CHARS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
