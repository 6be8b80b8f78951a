package io.gochannel.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.jackson.JsonFormat;
import io.gochannel.Events;
import io.gochannel.GoChannel;
import io.gochannel.Middleware;
import io.gochannel.QueueProviders;
import io.gochannel.Transport;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * CloudEvents over HTTP with the CloudEvents SDK's HTTP binding as the independent party: {@code POST
 * /topics/{topic}} takes what the SDK's writer produces, in binary and structured mode; and what gochannel sends
 * through {@code camel:http:...?format=cloudevents} is parsed by the SDK's reader.
 */
class CloudEventsHttpTest {
    private final CamelContext camel = new DefaultCamelContext();
    private HttpServer server;

    @AfterEach
    void stop() {
        camel.stop();
        if (server != null) {
            server.stop(0);
        }
    }

    private static CloudEvent invoicePaid() {
        return CloudEventBuilder.v1()
                .withId("evt-42")
                .withSource(URI.create("https://example.com/billing"))
                .withType("com.example.invoice.paid")
                .withTime(OffsetDateTime.parse("2026-12-06T10:15:30Z"))
                .withSubject("invoice-42")
                .withExtension("tenant", "acme")
                .withExtension("partitionkey", "invoice-42")
                .withData("application/json", "{ \"paid\": true, \"amount\": 1.10 }".getBytes(StandardCharsets.UTF_8))
                .build();
    }

    /** The request the SDK's HTTP writer makes of {@code event}, as {@link PublishRequest} gets it. */
    private Exchange request(CloudEvent event, boolean structured) {
        Exchange exchange = new DefaultExchange(camel);
        Message in = exchange.getIn();
        in.setHeader("topic", "invoices");
        var writer = HttpMessageFactory.createWriter(in::setHeader, in::setBody);
        if (structured) {
            writer.writeStructured(event, new JsonFormat());
        } else {
            writer.writeBinary(event);
        }
        return exchange;
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void thePublishApiTakesWhatTheSdksHttpWriterWrote(boolean structured) throws Exception {
        Exchange exchange = request(invoicePaid(), structured);
        new PublishRequest().process(exchange);
        Message out = exchange.getIn();
        // Byte for byte, in both modes: not as the SDK's JSON tree would re-write it ({"paid":true,"amount":1.1}).
        assertThat(new String(out.getBody(byte[].class), StandardCharsets.UTF_8))
                .isEqualTo("{ \"paid\": true, \"amount\": 1.10 }");
        assertThat(out.getHeaders())
                .containsEntry("id", "evt-42")
                .containsEntry("source", "https://example.com/billing")
                .containsEntry("type", "com.example.invoice.paid")
                .containsEntry("specversion", "1.0")
                .containsEntry("time", "2026-12-06T10:15:30Z")
                .containsEntry("subject", "invoice-42")
                .containsEntry("datacontenttype", "application/json")
                .containsEntry("tenant", "acme")
                .containsEntry("content-type", "application/json")
                .containsEntry(Middleware.KEY_HEADER, "invoice-42")
                .doesNotContainKeys("ce-id", "ce-specversion");
    }

    @Test
    void aRequestThatIsNoValidCloudEventIsA400NamingWhatIsMissing() {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getIn().setHeader("topic", "invoices");
        exchange.getIn().setHeader("ce-specversion", "1.0");
        exchange.getIn().setHeader("ce-id", "evt-1");
        exchange.getIn().setHeader("ce-type", "com.example.x"); // no ce-source
        exchange.getIn().setBody(new byte[0]);
        HttpRefusal refused = catchThrowableOfType(HttpRefusal.class, () -> new PublishRequest().process(exchange));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.getMessage()).contains("no valid CloudEvent").contains("source");
    }

    @Test
    void aCloudEventExtensionNamedLikeAReservedNameIsRefused() {
        CloudEvent forged = CloudEventBuilder.v1(invoicePaid())
                .withExtension("gochanneldeadlettertopic", "elsewhere")
                .build();
        HttpRefusal refused =
                catchThrowableOfType(HttpRefusal.class, () -> new PublishRequest().process(request(forged, false)));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.getMessage()).contains("gochanneldeadlettertopic").contains("reserved");
    }

    @Test
    void contextNamedLikeCloudEventsHeadersAndEntriesGivenTwiceInAnyCaseAreRefused() {
        Exchange smuggled = new DefaultExchange(camel);
        smuggled.getIn().setHeader("topic", "invoices");
        smuggled.getIn().setHeader("X-Context-ce_jmsreplyto", "queue:elsewhere");
        smuggled.getIn().setBody(new byte[0]);
        HttpRefusal refused = catchThrowableOfType(HttpRefusal.class, () -> new PublishRequest().process(smuggled));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.getMessage()).contains("named like a CloudEvents header");

        Exchange twice = request(invoicePaid(), false);
        twice.getIn().setHeader("X-Context-Type", "com.example.forged");
        HttpRefusal given = catchThrowableOfType(HttpRefusal.class, () -> new PublishRequest().process(twice));
        assertThat(given.status()).isEqualTo(400);
        assertThat(given.getMessage()).contains("given twice");
    }

    @ParameterizedTest
    @ValueSource(strings = {"binary", "structured"})
    void theSdksHttpReaderParsesWhatGoChannelSentThroughCamelHttp(String mode) throws Exception {
        CompletableFuture<CloudEvent> parsed = new CompletableFuture<>();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/events", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                byte[] body = in.readAllBytes();
                Map<String, List<String>> headers = new LinkedHashMap<>(exchange.getRequestHeaders());
                parsed.complete(HttpMessageFactory.createReaderFromMultimap(headers, body)
                        .toEvent());
            } catch (RuntimeException e) {
                parsed.completeExceptionally(e);
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        camel.start(); // as an application's: the message headers ignore case once it runs
        String uri = "camel:http://127.0.0.1:" + server.getAddress().getPort()
                + "/events/{topic}?format=cloudevents&cloudevents.mode=" + mode;
        Map<String, String> context = new LinkedHashMap<>();
        context.put("type", "com.example.order.created");
        context.put("subject", "order-7");
        context.put("tenant", "acme");
        try (Transport transport = GoChannel.newTransport(QueueProviders.fromUri(uri, camel))) {
            transport
                    .publish("orders", Events.withKey(Events.json(context, Map.of("order", 7)), "order-7"))
                    .get(30, TimeUnit.SECONDS);
        }
        CloudEvent event = parsed.get(30, TimeUnit.SECONDS);
        assertThat(event.getId()).isNotBlank();
        assertThat(event.getType()).isEqualTo("com.example.order.created");
        assertThat(event.getSource()).isEqualTo(URI.create("/gochannel/orders"));
        assertThat(event.getSubject()).isEqualTo("order-7");
        assertThat(event.getDataContentType()).isEqualTo("application/json");
        assertThat(event.getExtension("tenant")).isEqualTo("acme");
        assertThat(event.getExtension("partitionkey")).isEqualTo("order-7");
        assertThat(new String(event.getData().toBytes(), StandardCharsets.UTF_8).replace(" ", ""))
                .isEqualTo("{\"order\":7}");
    }
}
