package io.gochannel.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.gochannel.EventEnvelope;
import io.gochannel.Events;
import io.gochannel.GoChannel;
import io.gochannel.QueueProviders;
import io.gochannel.ReceiveChannel;
import io.gochannel.Transport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Graceful shutdown of a Boot web service under load, on the RabbitMQ of the test machine: clients keep POSTing while
 * the context closes; every request answered 202 had its event handed to a fire-and-forget send, and every one of
 * them reaches RabbitMQ (the web server drains its requests first, then the transports flush their buffers).
 * Publishing keeps up with HTTP here, so the transports have little or nothing left to flush when they stop (0 to 47
 * pending sends in runs): that a flush happens and loses nothing is {@link RabbitMqBootTest}'s (30,000 buffered sends
 * and a close); this test checks the whole under load, the phases included.
 */
@Timeout(180)
class WebShutdownBootTest {
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String TOPIC = "boot-web-" + RUN;
    private static final String RABBIT = "amqp://guest:guest@127.0.0.1:5672";

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(Wishes.class)
    static class WishService {}

    /** Accepts a wish: hands its event to the topic's send channel (buffered, fire-and-forget), answers 202. */
    @RestController
    static class Wishes {
        private final Transport transport;

        Wishes(Transport transport) {
            this.transport = transport;
        }

        @PostMapping("/wishes/{id}")
        @ResponseStatus(HttpStatus.ACCEPTED)
        void accept(@PathVariable("id") String id) throws InterruptedException {
            transport.send(TOPIC).send(EventEnvelope.of(Events.string(Map.of(), id)));
        }
    }

    @Test
    void everyAcceptedRequestsEventIsPublishedThoughTheServiceStopsUnderLoad() throws Exception {
        try (Transport outside = GoChannel.newTransport(QueueProviders.fromUri(RABBIT + "?group=checker-" + RUN))) {
            ReceiveChannel<EventEnvelope> received = outside.receive(TOPIC);
            ConfigurableApplicationContext app = new SpringApplicationBuilder(WishService.class)
                    .properties(
                            "server.port=0",
                            "server.shutdown=graceful",
                            "spring.autoconfigure.exclude=" + RedisHealthBootTest.NO_DATABASE,
                            "gochannel.provider=" + RABBIT + "?group=boot-web-" + RUN)
                    .run();
            String base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port") + "/wishes/";
            Set<String> accepted = ConcurrentHashMap.newKeySet();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger sequence = new AtomicInteger();
            HttpClient http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(2))
                    .build();
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < 8; c++) {
                Thread client = new Thread(() -> {
                    while (!stop.get()) {
                        String id = "w" + sequence.incrementAndGet();
                        try {
                            HttpResponse<Void> answer = http.send(
                                    HttpRequest.newBuilder(URI.create(base + id))
                                            .POST(HttpRequest.BodyPublishers.noBody())
                                            .timeout(Duration.ofSeconds(10))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding());
                            if (answer.statusCode() == 202) {
                                accepted.add(id);
                            }
                        } catch (java.io.IOException refusedOrCut) {
                            // the server stopped taking requests: the client tries again until told to stop
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
                client.start();
                clients.add(client);
            }
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> accepted.size() >= 2_000);
            app.close(); // while the clients go on sending
            stop.set(true);
            for (Thread client : clients) {
                client.join();
            }
            Set<String> seen = new HashSet<>();
            while (!seen.containsAll(accepted)) {
                Optional<EventEnvelope> next = received.poll(Duration.ofSeconds(30));
                assertThat(next)
                        .as(
                                "the events of %d accepted requests within 30 s each, %d seen",
                                accepted.size(), seen.size())
                        .isPresent();
                seen.add(Events.text(next.get().event()));
                next.get().ack();
            }
            assertThat(accepted.size()).isGreaterThanOrEqualTo(2_000);
        } finally {
            try (com.rabbitmq.client.Connection connection =
                            new com.rabbitmq.client.ConnectionFactory().newConnection();
                    com.rabbitmq.client.Channel channel = connection.createChannel()) {
                channel.queueDelete(TOPIC + ".checker-" + RUN);
                channel.exchangeDelete(TOPIC);
            }
        }
    }
}
