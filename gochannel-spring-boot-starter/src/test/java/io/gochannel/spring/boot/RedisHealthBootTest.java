package io.gochannel.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.gochannel.Transport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The transport's health in Boot's probes, on a Redis of the test's own (a child redis-server on a free port,
 * SIGKILLed and started again; the machine's shared Redis is never touched): with the broker away the readiness
 * probe says DOWN (503) naming the subscription's problem while liveness stays UP; with the broker back, UP again.
 */
@Timeout(180)
class RedisHealthBootTest {
    /** Excluded by the tests of a service without a database. */
    static final String NO_DATABASE = "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration";

    private final HttpClient http = HttpClient.newHttpClient();

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Subscriber {}

    @Test
    void readinessFollowsTheBrokerAndLivenessDoesNot() throws Exception {
        int port = freePort();
        Process redis = startRedis(port);
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(Subscriber.class)
                .properties(
                        "server.port=0",
                        // gochannel-postgresql (HikariCP) and the starter's spring-jdbc are on this class path: without
                        // spring.datasource.url Boot would refuse to start its DataSource. This service has no
                        // database.
                        "spring.autoconfigure.exclude=" + NO_DATABASE,
                        "gochannel.provider=redis://127.0.0.1:" + port + "?group=health",
                        "management.endpoints.web.exposure.include=health",
                        "management.endpoint.health.show-details=always",
                        "management.endpoint.health.probes.enabled=true")
                .run()) {
            app.getBean(Transport.class).receive("health-topic");
            String base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(status(base + "/actuator/health/readiness"))
                            .isEqualTo(200));
            assertThat(get(base + "/actuator/health").body()).contains("\"health-topic\":\"receiving\"");

            redis.destroyForcibly().waitFor(); // SIGKILL: the broker is away
            Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(status(base + "/actuator/health/readiness"))
                            .isEqualTo(503));
            assertThat(status(base + "/actuator/health/liveness")).isEqualTo(200);
            String down = get(base + "/actuator/health").body();
            assertThat(down).containsPattern("\"gochannel\":\\{\"status\":\"DOWN\"");
            assertThat(down).containsPattern("\"health-topic\":\"(?!receiving\")[^\"]+\""); // its problem

            redis = startRedis(port); // back, empty: the provider subscribes again
            Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(status(base + "/actuator/health/readiness"))
                            .isEqualTo(200));
            assertThat(get(base + "/actuator/health").body()).contains("\"health-topic\":\"receiving\"");
        } finally {
            redis.destroyForcibly().waitFor();
        }
    }

    private static Process startRedis(int port) throws IOException {
        Process process = new ProcessBuilder(
                        "redis-server",
                        "--port",
                        String.valueOf(port),
                        "--bind",
                        "127.0.0.1",
                        "--save",
                        "",
                        "--appendonly",
                        "no")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return true;
            } catch (IOException notYet) {
                return false;
            }
        });
        return process;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private int status(String url) throws Exception {
        return get(url).statusCode();
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
