package io.gochannel.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
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
}
