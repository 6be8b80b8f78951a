package io.gochannel.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * CPU time spent during a benchmark's round, read from {@code /proc} (Linux), to tell where a round's time went on a
 * machine where the broker, the client and a load tool share the cores: the broker's processes (by command name:
 * {@code redis-server}, {@code postgres}, {@code beam.smp}), this JVM, and the tools this JVM started and waited
 * for (their time lands in this JVM's children's time once they are reaped).
 *
 * <p>A process's figure is its own user and system time plus that of its children that ended: a PostgreSQL
 * backend that served a connection and exited is counted in the postmaster's, so sessions opened and closed during
 * a round are not lost (read once they have ended: one reaped between the reading of its parent and its own would
 * be missed). A broker with no process of that name here (another machine, another PID namespace) prints "not
 * found" rather than zero.
 */
final class CpuTime {
    /**
     * Clock ticks a second of {@code /proc/<pid>/stat} (USER_HZ, what {@code getconf CLK_TCK} prints): 100 on every
     * Linux kernel built for x86 and ARM, whatever its timer frequency.
     */
    private static final double TICKS_PER_SECOND = 100;

    private final String brokerCommand;
    private final String brokerArgument;
    private final double brokerStart;
    private final double selfStart;
    private final double childrenStart;

    private CpuTime(String brokerCommand, String brokerArgument) {
        this.brokerCommand = brokerCommand;
        this.brokerArgument = brokerArgument;
        this.brokerStart = seconds(brokerCommand, brokerArgument);
        double[] self = self();
        this.selfStart = self[0];
        this.childrenStart = self[1];
    }

    /** Starts counting the CPU time of the processes named {@code brokerCommand}, this JVM and its children. */
    static CpuTime start(String brokerCommand) {
        return new CpuTime(brokerCommand, null);
    }

    /**
     * As {@link #start(String)}, counting only the processes named {@code brokerCommand} whose command line holds
     * {@code brokerArgument} (the SQS emulator among other Node processes).
     */
    static CpuTime start(String brokerCommand, String brokerArgument) {
        return new CpuTime(brokerCommand, brokerArgument);
    }

    /**
     * The CPU time per event since {@link #start} in microseconds, as text: the broker's, this JVM's, and this
     * JVM's ended children's (a load tool) where there was any.
     */
    String perEvent(long events) {
        double broker = seconds(brokerCommand, brokerArgument) - brokerStart;
        double[] self = self();
        double jvm = self[0] - selfStart;
        double tools = self[1] - childrenStart;
        String name = brokerCommand + (brokerArgument == null ? "" : " (" + brokerArgument + ")");
        return (Double.isNaN(broker)
                        ? String.format(Locale.ROOT, "CPU per event: %s not found", name)
                        : String.format(Locale.ROOT, "CPU per event: %s %.1f µs", name, broker * 1e6 / events))
                + String.format(Locale.ROOT, ", this JVM %.1f µs", jvm * 1e6 / events)
                + (tools > 0 ? String.format(Locale.ROOT, ", the tool %.1f µs", tools * 1e6 / events) : "");
    }

    /**
     * User + system seconds of every process named {@code command} (and holding {@code argument} in its command
     * line, if not null), with their ended children's; {@link Double#NaN} if there is none.
     */
    private static double seconds(String command, String argument) {
        double total = 0;
        int found = 0;
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : processes) {
                long[] times = times(process.resolve("stat"), command);
                if (times != null && (argument == null || commandLine(process).contains(argument))) {
                    total += (times[0] + times[1] + times[2] + times[3]) / TICKS_PER_SECOND;
                    found++;
                }
            }
        } catch (IOException e) {
            return Double.NaN;
        }
        return found == 0 ? Double.NaN : total;
    }

    private static String commandLine(Path process) {
        try {
            return new String(Files.readAllBytes(process.resolve("cmdline")), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return ""; // ended meanwhile
        }
    }

    /** {this JVM's own seconds, its ended children's seconds}. */
    private static double[] self() {
        long[] times = times(Path.of("/proc/self/stat"), null);
        return times == null
                ? new double[] {Double.NaN, Double.NaN}
                : new double[] {(times[0] + times[1]) / TICKS_PER_SECOND, (times[2] + times[3]) / TICKS_PER_SECOND};
    }

    /**
     * {utime, stime, cutime, cstime} of a {@code stat} file, or null if the process is gone or its command is not
     * {@code command} (any command if null). The command is in parentheses and may hold spaces: fields count
     * from its closing parenthesis.
     */
    private static long[] times(Path stat, String command) {
        String line;
        try {
            line = Files.readString(stat);
        } catch (IOException e) {
            return null; // ended meanwhile
        }
        int open = line.indexOf('(');
        int close = line.lastIndexOf(')');
        if (open < 0
                || close < open
                || (command != null && !line.substring(open + 1, close).equals(command))) {
            return null;
        }
        // After ")": state(3) ppid(4) pgrp(5) session(6) tty_nr(7) tpgid(8) flags(9) minflt(10) cminflt(11)
        // majflt(12) cmajflt(13) utime(14) stime(15) cutime(16) cstime(17)
        String[] fields = line.substring(close + 2).trim().split(" ");
        return new long[] {
            Long.parseLong(fields[11]),
            Long.parseLong(fields[12]),
            Long.parseLong(fields[13]),
            Long.parseLong(fields[14])
        };
    }
}
