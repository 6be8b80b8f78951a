package io.gochannel.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A TCP relay on a free local port to a server, that cuts one connection (both ways, at once) the first time
 * a client sends a given byte sequence: a connection lost at an exact point of a protocol (the server crashing
 * just then), which a real crash hits only by chance. Every other connection is relayed untouched.
 */
public final class CuttingProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int targetPort;
    private final byte[] cutAt;
    private final AtomicBoolean cut = new AtomicBoolean();

    private CuttingProxy(int targetPort, String cutAt) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.targetPort = targetPort;
        this.cutAt = cutAt.getBytes(StandardCharsets.UTF_8);
    }

    /** Relays to {@code 127.0.0.1:targetPort}, cutting the first connection whose client sends {@code cutAt}. */
    public static CuttingProxy start(int targetPort, String cutAt) throws IOException {
        CuttingProxy proxy = new CuttingProxy(targetPort, cutAt);
        Thread acceptor = new Thread(proxy::accept, "cutting-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
        return proxy;
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Whether the cut happened. */
    public boolean hasCut() {
        return cut.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                pump(client, upstream, true);
                pump(upstream, client, false);
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, boolean watch) {
        Thread thread = new Thread(
                () -> {
                    byte[] buffer = new byte[16 * 1024];
                    int matched = 0;
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        for (int n; (n = in.read(buffer)) >= 0; ) {
                            if (watch && !cut.get()) {
                                for (int i = 0; i < n; i++) {
                                    matched =
                                            buffer[i] == cutAt[matched] ? matched + 1 : (buffer[i] == cutAt[0] ? 1 : 0);
                                    if (matched == cutAt.length && cut.compareAndSet(false, true)) {
                                        from.close();
                                        to.close();
                                        return;
                                    }
                                }
                            }
                            out.write(buffer, 0, n);
                            out.flush();
                        }
                    } catch (IOException closed) {
                        // the other side went: so does this one
                    } finally {
                        closeQuietly(from);
                        closeQuietly(to);
                    }
                },
                "cutting-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
