package io.gochannel.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kafka's own load tools, {@code kafka-producer-perf-test} and {@code kafka-consumer-perf-test} (the classes
 * {@code ProducerPerformance} and {@code ConsumerPerformance} of {@code org.apache.kafka:kafka-tools}, which
 * scripts/fetch-kafka-broker.sh puts in the broker's class path), run in a JVM of their own against the
 * benchmark's broker: the limit a Kafka client reaches on this machine.
 */
final class KafkaPerfTools {
    private static final Pattern PRODUCED = Pattern.compile("records sent, ([0-9.]+) records/sec");

    private KafkaPerfTools() {}

    /**
     * Sends {@code records} of {@code bytes} to {@code topic} from one producer with the given delivery settings;
     * the tool's records per second (first send to last acknowledgement).
     */
    static double produce(String servers, String topic, int records, int bytes, List<String> producerProps)
            throws Exception {
        List<String> arguments = new ArrayList<>(List.of(
                "org.apache.kafka.tools.ProducerPerformance",
                "--topic",
                topic,
                "--num-records",
                Integer.toString(records),
                "--record-size",
                Integer.toString(bytes),
                "--throughput",
                "-1",
                "--producer-props",
                "bootstrap.servers=" + servers));
        arguments.addAll(producerProps);
        String output = run(arguments);
        Matcher last = null;
        for (Matcher m = PRODUCED.matcher(output); m.find(); ) {
            last = PRODUCED.matcher(m.group());
            last.find();
        }
        if (last == null) {
            throw new IllegalStateException("kafka-producer-perf-test printed no result:\n" + output);
        }
        return Double.parseDouble(last.group(1));
    }

    /**
     * Consumes {@code records} of {@code topic} from the start as a new group with one consumer (committing
     * automatically); the tool's {@code nMsg.sec}: records per second, joining the group included.
     */
    static double consume(String servers, String topic, int records, String group) throws Exception {
        String output = run(List.of(
                "org.apache.kafka.tools.ConsumerPerformance",
                "--bootstrap-server",
                servers,
                "--topic",
                topic,
                "--messages",
                Integer.toString(records),
                "--group",
                group,
                "--timeout",
                "120000"));
        String[] lines = output.strip().split("\n");
        String header = null;
        for (int i = 0; i < lines.length - 1; i++) {
            if (lines[i].contains("nMsg.sec")) {
                header = lines[i];
                String[] names = header.split(",\\s*");
                String[] values = lines[i + 1].split(",\\s*");
                for (int c = 0; c < names.length && c < values.length; c++) {
                    if (names[c].trim().equals("nMsg.sec")) {
                        return Double.parseDouble(values[c].trim());
                    }
                }
            }
        }
        throw new IllegalStateException("kafka-consumer-perf-test printed no result:\n" + output);
    }

    private static String run(List<String> arguments) throws Exception {
        String lib = System.getProperty("gochannel.kafka.lib", "../../target/kafka-broker/lib");
        if (!Files.isDirectory(Path.of(lib))) {
            throw new IllegalStateException(lib + " is missing: run scripts/fetch-kafka-broker.sh");
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-cp", lib + "/*"));
        command.addAll(arguments);
        // Output to a file, not a pipe: a tool that hangs is then cut off by the time limit below.
        Path log = Files.createTempFile("kafka-perf-tool", ".log");
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            boolean exited = process.waitFor(10, TimeUnit.MINUTES);
            if (!exited) {
                process.destroyForcibly();
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            if (!exited || process.exitValue() != 0) {
                throw new IllegalStateException(
                        "Kafka's tool failed" + (exited ? "" : " to end in 10 minutes") + ":\n" + output);
            }
            return output;
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
