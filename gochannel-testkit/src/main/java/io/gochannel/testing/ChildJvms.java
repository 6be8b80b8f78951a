package io.gochannel.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Java processes of the tests' own, on the test class path: consumers to SIGKILL, clients with their own trust store. */
public final class ChildJvms {
    private ChildJvms() {}

    /** Starts {@code main} with {@code args} in a new JVM (logging at WARN), its output merged and readable. */
    public static Process start(Class<?> main, List<String> jvmOptions, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"));
        command.addAll(jvmOptions);
        command.add(main.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /** Runs {@code main} in a new JVM to its end (at most 120 s); returns what it printed. */
    public static String run(Class<?> main, List<String> jvmOptions, String... args) throws Exception {
        Process process = start(main, jvmOptions, args);
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return e.toString();
            }
        });
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(main.getSimpleName() + " did not end within 120 s");
        }
        return output.get(10, TimeUnit.SECONDS);
    }

    /** Reads {@code out} until a line contains {@code text} (true) or the process ended (false); at most 120 s. */
    public static boolean readUntil(BufferedReader out, String text) throws Exception {
        CompletableFuture<Boolean> found = CompletableFuture.supplyAsync(() -> {
            try {
                String next;
                while ((next = out.readLine()) != null) {
                    if (next.contains(text)) {
                        return true;
                    }
                }
                return false;
            } catch (IOException e) {
                return false;
            }
        });
        return found.get(120, TimeUnit.SECONDS);
    }

    /** The process's output, line by line. */
    public static BufferedReader lines(Process process) {
        return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }
}
