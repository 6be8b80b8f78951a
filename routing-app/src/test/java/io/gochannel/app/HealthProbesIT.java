package io.gochannel.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gochannel.testing.PrivateRedis;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probes an orchestrator uses: {@code /observe/health/ready} follows the consumers and their broker, and
 * {@code /observe/health/live} stays UP through a broker outage (a liveness probe that failed would restart the
 * pod, which brings no broker back). On a Redis of the test's own, killed and started again.
 */
@Timeout(240)
class HealthProbesIT {
    @TempDir
    Path workingDirectory;

    @Test
    void aBrokerOutageMakesTheAppNotReadyButNeverNotLive() throws Exception {
        try (PrivateRedis redis = PrivateRedis.start(false);
                AppProcess app = AppProcess.start(workingDirectory, Map.of("GOCHANNEL_PROVIDER", redis.uri("")))
                        .awaitStarted()) {
            assertThat(app.get("/observe/health/ready").statusCode()).isEqualTo(200);
            assertThat(app.get("/observe/health/live").statusCode()).isEqualTo(200);

            redis.kill();
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> {
                        assertLive(app);
                        HttpResponse<String> ready = app.get("/observe/health/ready");
                        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(503);
                        assertThat(ready.body()).contains("\"name\":\"consumer:recommend\",\"status\":\"DOWN\"");
                    });
            // Down for a while, and still live throughout.
            await().during(Duration.ofSeconds(5))
                    .atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> assertLive(app));

            redis.launch();
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> {
                        assertLive(app);
                        HttpResponse<String> ready = app.get("/observe/health/ready");
                        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
                    });
            HttpResponse<String> published = app.post("/topics/added-wishlist-items", "{\"userId\":\"after\"}");
            assertThat(published.statusCode()).as(published.body()).isEqualTo(202);
            app.awaitLine(line -> line.contains("recommendation for {\"userId\":\"after\"}"), Duration.ofSeconds(60));
        }
    }

    private static void assertLive(AppProcess app) throws Exception {
        HttpResponse<String> live = app.get("/observe/health/live");
        assertThat(live.statusCode()).as("liveness: %s", live.body()).isEqualTo(200);
        assertThat(live.body()).doesNotContain("DOWN");
    }
}
