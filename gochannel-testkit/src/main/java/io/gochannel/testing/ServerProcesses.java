package io.gochannel.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Helpers for the broker processes the tests start: free ports, and waiting until one listens. */
final class ServerProcesses {
    private ServerProcesses() {}

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /**
     * Waits until {@code process} accepts connections on {@code port} of 127.0.0.1.
     *
     * @throws IOException if it exits first or does not listen within {@code timeout}, naming {@code log}
     */
    static void awaitListening(String name, Process process, int port, Duration timeout, Path log)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IOException(name + " exited with " + process.exitValue() + "; see " + log);
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException(name + " did not open port " + port + " within " + timeout + "; see " + log);
                }
                process.waitFor(50, TimeUnit.MILLISECONDS); // a readiness poll that returns early if it exits
            }
        }
    }

    /** A CA, a server certificate for 127.0.0.1 and localhost signed by it, and a trust store with the CA. */
    static void writeTlsFiles(Path dir) throws IOException, InterruptedException {
        String d = dir.toString();
        Duration t = Duration.ofSeconds(60);
        run(
                List.of(
                        "openssl",
                        "req",
                        "-x509",
                        "-newkey",
                        "rsa:2048",
                        "-nodes",
                        "-days",
                        "2",
                        "-subj",
                        "/CN=gochannel test CA",
                        "-keyout",
                        d + "/ca.key",
                        "-out",
                        d + "/ca.pem"),
                Map.of(),
                t);
        run(
                List.of(
                        "openssl",
                        "req",
                        "-newkey",
                        "rsa:2048",
                        "-nodes",
                        "-subj",
                        "/CN=localhost",
                        "-keyout",
                        d + "/server.key",
                        "-out",
                        d + "/server.csr"),
                Map.of(),
                t);
        Files.writeString(dir.resolve("san.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
        run(
                List.of(
                        "openssl",
                        "x509",
                        "-req",
                        "-in",
                        d + "/server.csr",
                        "-CA",
                        d + "/ca.pem",
                        "-CAkey",
                        d + "/ca.key",
                        "-CAcreateserial",
                        "-days",
                        "2",
                        "-extfile",
                        d + "/san.ext",
                        "-out",
                        d + "/server.pem"),
                Map.of(),
                t);
        run(
                List.of(
                        "keytool",
                        "-importcert",
                        "-noprompt",
                        "-alias",
                        "ca",
                        "-file",
                        d + "/ca.pem",
                        "-keystore",
                        d + "/truststore.p12",
                        "-storetype",
                        "PKCS12",
                        "-storepass",
                        "changeit"),
                Map.of(),
                t);
    }

    /** Runs {@code command} to its end; its output, or an IOException naming the command and what it printed. */
    static String run(List<String> command, Map<String, String> env, Duration timeout)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish within " + timeout);
        }
        String text = new String(output, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IOException(
                    String.join(" ", command) + " exited with " + process.exitValue() + ": " + text.strip());
        }
        return text;
    }
}
