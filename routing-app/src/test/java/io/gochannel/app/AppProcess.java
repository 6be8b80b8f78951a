package io.gochannel.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The packaged routing app ({@code gochannel.app.jar}) as a process of its own, in a working
 * directory of the test, on a free port; its output (stdout and stderr together) is kept as lines.
 */
final class AppProcess implements AutoCloseable {
    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Object newLine = new Object();
    private final Thread reader;
    final int port;

    private AppProcess(Process process, int port) {
        this.process = process;
        this.port = port;
        reader = new Thread(this::readOutput, "app-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    static AppProcess start(Path workingDirectory, Map<String, String> environment) throws IOException {
        String jar = System.getProperty("gochannel.app.jar");
        if (jar == null || !Path.of(jar).toFile().isFile()) {
            throw new IllegalStateException("the packaged app " + jar + " is missing: run through mvn verify");
        }
        int port = freePort();
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-jar", jar));
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(workingDirectory.toFile()).redirectErrorStream(true);
        builder.environment().put("GOCHANNEL_HTTP_PORT", Integer.toString(port));
        builder.environment().putAll(environment);
        return new AppProcess(builder.start(), port);
    }

    /** Puts {@code yaml} into {@code routes/<file>} of {@code workingDirectory}, whose routes then replace the jar's. */
    static void writeRoute(Path workingDirectory, String file, String yaml) throws IOException {
        Files.createDirectories(workingDirectory.resolve("routes"));
        Files.writeString(workingDirectory.resolve("routes").resolve(file), yaml);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private void readOutput() {
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
                synchronized (newLine) {
                    newLine.notifyAll();
                }
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    /** The first output line matching {@code wanted}, waiting up to {@code patience}. */
    String awaitLine(Predicate<String> wanted, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        synchronized (newLine) {
            while (true) {
                for (String line : lines) {
                    if (wanted.test(line)) {
                        return line;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no such line within " + patience + "; output so far:\n" + output());
                }
                TimeUnit.NANOSECONDS.timedWait(newLine, Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)));
            }
        }
    }

    /** Waits until the app answers its health check. */
    AppProcess awaitStarted() throws InterruptedException {
        awaitLine(
                line -> line.contains("gochannel routing app started") || line.contains("cannot start"),
                Duration.ofSeconds(90));
        return this;
    }

    String output() {
        return String.join("\n", lines);
    }

    HttpResponse<String> post(String path, String body, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return CLIENT.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(30))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A response of {@link #raw}: the status code and the body. */
    record RawResponse(int status, String body) {}

    /**
     * One HTTP/1.1 request written by hand, with the {@code Host} header given ({@code HttpClient} sets its own):
     * what a browser sends when a page of another name, resolved to this app (DNS rebinding), calls it.
     */
    RawResponse raw(String method, String path, String host, String body, String... headers) throws IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            byte[] content = body.getBytes(StandardCharsets.UTF_8);
            StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: " + host
                    + "\r\nConnection: close\r\nContent-Length: " + content.length + "\r\n");
            for (int i = 0; i + 1 < headers.length; i += 2) {
                request.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
            }
            socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().write(content);
            socket.getOutputStream().flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(response.substring(response.indexOf(' ') + 1, response.indexOf(' ') + 4));
            int bodyStart = response.indexOf("\r\n\r\n");
            return new RawResponse(status, bodyStart < 0 ? "" : response.substring(bodyStart + 4));
        }
    }

    static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** SIGTERM, as {@code docker stop} or Kubernetes send. */
    void terminate() {
        // Through the handle: Process.destroy() also closes our end of the output pipe, and the app's
        // shutdown lines would be lost.
        process.toHandle().destroy();
    }

    /** SIGKILL, as a crash or the kernel's OOM killer: no shutdown hook runs. Waits until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly(); // SIGKILL on Linux
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the app survived SIGKILL for 30 s");
        }
    }

    /** Waits for the process to end; returns its exit code. */
    int awaitExit(Duration patience) throws InterruptedException {
        if (!process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the app did not exit within " + patience + "; output:\n" + output());
        }
        reader.join(TimeUnit.SECONDS.toMillis(10)); // the last lines it printed
        return process.exitValue();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
