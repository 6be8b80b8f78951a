package io.gochannel.testing;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The SQS/SNS emulator (fauxqs) the {@code sqs://} and {@code sns://} tests run against, on
 * 127.0.0.1:4566 (system property {@code gochannel.fauxqs.port}). The test command starts it; a test run
 * from an IDE starts it through {@code scripts/start-fauxqs.sh} when nothing answers. It keeps
 * everything in memory and checks no credentials.
 */
public final class SqsEmulator {
    private static boolean checked;

    private SqsEmulator() {}

    public static int port() {
        return Integer.getInteger("gochannel.fauxqs.port", 4566);
    }

    /**
     * {@code <scheme>://127.0.0.1:<port>?region=us-east-1&accessKey=test&secretKey=test}, plus {@code &query}, with
     * {@code waitTime=1} unless the query sets it: a transport's shutdown waits for its long polls (SQS cannot
     * cancel one), and the tests shut transports down all the time.
     */
    public static String uri(String scheme, String query) {
        ensureRunning();
        String rest = query == null || query.isEmpty() ? "" : "&" + query;
        return scheme + "://127.0.0.1:" + port() + "?region=us-east-1&accessKey=test&secretKey=test"
                + (rest.contains("waitTime=") ? "" : "&waitTime=1") + rest;
    }

    /** The emulator's http endpoint. */
    public static URI endpoint() {
        ensureRunning();
        return URI.create("http://127.0.0.1:" + port());
    }

    public static synchronized void ensureRunning() {
        if (checked) {
            return;
        }
        if (!healthy()) {
            Path script = Path.of("..", "scripts", "start-fauxqs.sh");
            if (!Files.isExecutable(script)) {
                throw new IllegalStateException("no SQS/SNS emulator answers on 127.0.0.1:" + port()
                        + ": run scripts/start-fauxqs.sh " + port());
            }
            try {
                Process start = new ProcessBuilder(script.toString(), Integer.toString(port()))
                        .inheritIO()
                        .start();
                if (!start.waitFor(300, TimeUnit.SECONDS) || start.exitValue() != 0 || !healthy()) {
                    throw new IllegalStateException(
                            "scripts/start-fauxqs.sh could not start the emulator on " + port());
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot run scripts/start-fauxqs.sh: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting the emulator", e);
            }
        }
        checked = true;
    }

    private static boolean healthy() {
        try {
            HttpURLConnection connection = (HttpURLConnection)
                    URI.create("http://127.0.0.1:" + port() + "/health").toURL().openConnection();
            connection.setConnectTimeout(1_000);
            connection.setReadTimeout(2_000);
            return connection.getResponseCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }
}
