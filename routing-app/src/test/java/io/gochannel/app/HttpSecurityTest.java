package io.gochannel.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.gochannel.camel.GoChannelComponent;
import io.gochannel.testing.DocumentedUris;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The routing app's HTTP checks on their own, in a CamelContext without an HTTP server: which
 * (provider, topic) pairs are open and the cap on created topics, requests from other origins and
 * host names, reserved context names, the start-up warning and banner, and the console state's
 * health cache and masked URIs. {@code RoutingAppIT} sends the same requests to the packaged app.
 */
class HttpSecurityTest {
    private CamelContext context;

    @AfterEach
    void stop() {
        if (context != null) {
            context.stop();
        }
    }

    /** A started context with {@code properties} and an endpoint for each of {@code routeUris} (what routes create). */
    private CamelContext context(Map<String, String> properties, String... routeUris) {
        context = new DefaultCamelContext();
        Properties initial = new Properties();
        initial.putAll(properties);
        context.getPropertiesComponent().setInitialProperties(initial);
        for (String uri : routeUris) {
            context.getEndpoint(uri);
        }
        context.start();
        return context;
    }

    private static int refusal(Runnable check) {
        HttpRefusal refused = catchThrowableOfType(HttpRefusal.class, check::run);
        assertThat(refused).as("refused").isNotNull();
        return refused.status();
    }

    @Test
    void aProviderTopicPairIsOpenOnlyWhereARouteOrTheConfigurationSaysSo() {
        CamelContext camel = context(
                Map.of("gochannel.providers.side", "memory:?group=side"),
                "gochannel:echo",
                "gochannel:side-echo?provider=side");
        PublishAccess access = new PublishAccess(new BrowserRequests());
        access.admit(camel, "default", "echo");
        access.admit(camel, "side", "side-echo");
        HttpRefusal otherProvider = catchThrowableOfType(HttpRefusal.class, () -> access.admit(camel, "side", "echo"));
        assertThat(otherProvider.status()).isEqualTo(404);
        assertThat(otherProvider.getMessage())
                .contains("topic 'echo' of provider 'side'", "list side:echo in gochannel.http.topics");
        assertThat(refusal(() -> access.admit(camel, "default", "side-echo"))).isEqualTo(404);
        assertThat(refusal(() -> access.admit(camel, "default", "made-up"))).isEqualTo(404);
        assertThat(access.openEntries(camel)).containsExactly("echo", "side:side-echo");
        assertThat(access.defaultProviderTopics(camel)).containsExactly("echo");
        // A replay goes to a route's pair, never to a topic a dead letter's context made up.
        access.admitReplay(camel, "default", "echo");
        assertThat(refusal(() -> access.admitReplay(camel, "default", "forged-target")))
                .isEqualTo(404);
    }

    @Test
    void aStarOpensEveryTopicOfOneProviderUpToTheCapOnCreatedTopics() {
        CamelContext camel = context(
                Map.of(
                        "gochannel.http.topics",
                        "*, side:listed",
                        "gochannel.http.maxCreatedTopics",
                        "2",
                        "gochannel.providers.side",
                        "memory:?group=side"),
                "gochannel:echo");
        PublishAccess access = new PublishAccess(new BrowserRequests());
        access.admit(camel, "default", "new-1");
        access.admit(camel, "default", "new-2");
        HttpRefusal third = catchThrowableOfType(HttpRefusal.class, () -> access.admit(camel, "default", "new-3"));
        assertThat(third.status()).isEqualTo(429);
        assertThat(third.getMessage()).contains("gochannel.http.maxCreatedTopics", "'new-3'");
        access.admit(camel, "default", "new-1"); // created already: no new topic
        access.admit(camel, "default", "echo"); // a route's topic never counts
        access.admit(camel, "side", "listed");
        assertThat(refusal(() -> access.admit(camel, "side", "new-1")))
                .as("* opens topics, not every provider")
                .isEqualTo(404);
        assertThat(access.defaultProviderTopics(camel)).containsExactly("*");
        assertThat(access.openEntries(camel)).containsExactly("*", "side:listed");
    }

    @Test
    void aBadTopicsEntryIsAnErrorNamingItAndTheProperty() {
        assertThat(PublishAccess.parseTopics(" a, side:b ,*, side:* ,", name -> true))
                .extracting(Object::toString)
                .containsExactly("a", "side:b", "*", "side:*");
        assertThatThrownBy(() -> PublishAccess.parseTopics("ok, no.dots", name -> true))
                .hasMessageContaining("the entry 'no.dots' of gochannel.http.topics is not valid");
        assertThatThrownBy(() -> PublishAccess.parseTopics("nosuch:x", name -> name.equals("default")))
                .hasMessageContaining(
                        "names provider 'nosuch', which is not configured: set gochannel.providers.nosuch")
                .hasMessageContaining("GOCHANNEL_PROVIDERS_NOSUCH");
        assertThatThrownBy(() -> PublishAccess.parseTopics("bad name:x", name -> true))
                .hasMessageContaining("'bad name:x'");
    }

    private Exchange request(Map<String, String> headers) {
        if (context == null) {
            context(Map.of());
        }
        Exchange exchange = new DefaultExchange(context);
        headers.forEach((name, value) -> exchange.getIn().setHeader(name, value));
        return exchange;
    }

    @Test
    void aRequestFromAnotherOriginOrSiteIsRefusedAndOneWithoutOriginGoesOn() {
        BrowserRequests browsers = new BrowserRequests();
        String host = "127.0.0.1:8080";
        browsers.requireSameOrigin(request(Map.of("Host", host))); // curl, a service
        browsers.requireSameOrigin(
                request(Map.of("Host", host, "Origin", "http://127.0.0.1:8080", "Sec-Fetch-Site", "same-origin")));
        browsers.requireSameOrigin(request(Map.of("Host", "localhost", "Origin", "http://localhost")));
        browsers.requireSameOrigin(request(Map.of("Host", "[::1]:8080", "Origin", "http://[::1]:8080")));
        for (Map<String, String> foreign : new Map[] {
            Map.of("Host", host, "Origin", "http://evil.example"),
            Map.of("Host", host, "Origin", "http://127.0.0.1:9999"),
            Map.of("Host", host, "Origin", "http://localhost:8080"),
            Map.of("Host", host, "Origin", "null"),
            Map.of("Host", host, "Sec-Fetch-Site", "cross-site"),
            Map.of("Host", host, "Sec-Fetch-Site", "same-site"),
            Map.of("Origin", "http://127.0.0.1:8080"),
            // DNS rebinding: the page of evil.example, resolved to this app, is "same-origin" to the browser.
            Map.of("Host", "evil.example:8080", "Origin", "http://evil.example:8080")
        }) {
            HttpRefusal refused =
                    catchThrowableOfType(HttpRefusal.class, () -> browsers.requireSameOrigin(request(foreign)));
            assertThat(refused).as(foreign.toString()).isNotNull();
            assertThat(refused.status()).as(foreign.toString()).isEqualTo(403);
            assertThat(refused.getMessage()).as(foreign.toString()).contains("refused a request from");
        }
        // Behind a TLS proxy that keeps the Host: https on the default port is the app's own origin.
        assertThat(BrowserRequests.sameOrigin("https://app.example.com", "app.example.com"))
                .isTrue();
        assertThat(BrowserRequests.sameOrigin("http://app.example.com:8080", "app.example.com"))
                .isFalse();
    }

    @Test
    void theConsoleAnswersOnlyAllowedHostNames() {
        BrowserRequests browsers = new BrowserRequests();
        for (String host : new String[] {"localhost:8080", "127.0.0.1:8080", "[::1]:8080", "LOCALHOST", "127.0.0.1"}) {
            browsers.requireAllowedHost(request(Map.of("Host", host)));
        }
        HttpRefusal rebound = catchThrowableOfType(
                HttpRefusal.class, () -> browsers.requireAllowedHost(request(Map.of("Host", "evil.example:8080"))));
        assertThat(rebound.status()).isEqualTo(421);
        assertThat(rebound.getMessage())
                .contains("'evil.example:8080'", "gochannel.http.allowedHosts", "localhost", "127.0.0.1", "[::1]");
        assertThat(refusal(() -> browsers.requireAllowedHost(request(Map.of()))))
                .as("no Host")
                .isEqualTo(421);

        assertThat(BrowserRequests.resolveAllowedHosts("console.example.com, 10.0.0.5:8080", "192.168.1.7"))
                .containsExactlyInAnyOrder(
                        "localhost", "127.0.0.1", "[::1]", "console.example.com", "10.0.0.5", "192.168.1.7");
        assertThat(BrowserRequests.resolveAllowedHosts("", "0.0.0.0"))
                .containsExactlyInAnyOrder("localhost", "127.0.0.1", "[::1]");
        assertThat(BrowserRequests.resolveAllowedHosts("a.example, *", "")).containsExactly("*");
        assertThatThrownBy(() -> BrowserRequests.resolveAllowedHosts("http://x/", ""))
                .hasMessageContaining("gochannel.http.allowedHosts");
    }

    @Test
    void reservedContextNamesAreRefusedWithA400InAnyCase() {
        for (String name : new String[] {
            "X-Context-GoChannelReplayedFrom",
            "X-Context-gochanneldeadlettertopic",
            "X-Context-x-gochannel-attempts",
            "X-Context-kafka.partition_key",
            "X-Context-KAFKA.OVERRIDE_TIMESTAMP",
            "X-Context-GoChannelKey",
            "X-Context-CamelFileName"
        }) {
            Exchange exchange = request(Map.of("topic", "echo", name, "1"));
            HttpRefusal refused = catchThrowableOfType(HttpRefusal.class, () -> new PublishRequest().process(exchange));
            assertThat(refused).as(name).isNotNull();
            assertThat(refused.status()).as(name).isEqualTo(400);
            assertThat(refused.getMessage()).as(name).contains("(header " + name + ") is reserved", "rename");
        }
        Exchange fine = request(Map.of("topic", "echo", "X-Context-userId", "u1", "X-Context-correlation_id", "c1"));
        new PublishRequest().process(fine);
        assertThat(fine.getIn().getHeaders()).containsEntry("userId", "u1").containsEntry("correlation_id", "c1");
    }

    @Test
    void oneWarningWithoutATokenOnMoreThanLoopback() {
        assertThat(HttpSecurityCheck.exposureWarning("", "0.0.0.0"))
                .contains("no gochannel.http.token is set", "GOCHANNEL_HTTP_TOKEN", "GOCHANNEL_HTTP_HOST=127.0.0.1");
        assertThat(HttpSecurityCheck.exposureWarning("", ""))
                .as("the server's default binds every interface")
                .isNotNull();
        assertThat(HttpSecurityCheck.exposureWarning("", "10.1.2.3")).isNotNull();
        assertThat(HttpSecurityCheck.exposureWarning("s3cret", "0.0.0.0")).isNull();
        for (String loopback : new String[] {"127.0.0.1", "::1", "[::1]", "localhost", "127.0.0.2"}) {
            assertThat(HttpSecurityCheck.exposureWarning("", loopback))
                    .as(loopback)
                    .isNull();
        }
    }

    @Test
    void theBannerAndTheConsoleStateMaskEveryDocumentedUri() throws Exception {
        CamelContext camel = context(Map.of());
        GoChannelComponent component = camel.getComponent("gochannel", GoChannelComponent.class);
        int i = 0;
        for (DocumentedUris.Form form : DocumentedUris.WITH_SECRETS) {
            assertThat(StartedBanner.masked(form.uri()))
                    .as(form.uri())
                    .doesNotContainIgnoringCase(DocumentedUris.SECRET)
                    .contains(form.visible());
            component.registerProvider("p" + i++, form.uri());
        }
        assertThat(StartedBanner.masked("redis://:hunter2@?x")).doesNotContain("hunter2");
        Exchange exchange = request(Map.of());
        new ConsoleState(new ConsoleErrors(), new PublishAccess(new BrowserRequests())).process(exchange);
        String state = exchange.getMessage().getBody(String.class);
        assertThat(state)
                .contains("\"name\":\"p0\"", "redis.example:6379", "\"name\":\"p" + (i - 1) + "\"")
                .doesNotContainIgnoringCase(DocumentedUris.SECRET);
    }

    @Test
    void theConsoleStateRunsTheHealthChecksAtMostOncePerSecondWhoeverPolls() throws Exception {
        CamelContext camel = context(Map.of());
        AtomicInteger runs = new AtomicInteger();
        HealthCheckRegistry.get(camel).register(new AbstractHealthCheck("test", "counting") {
            @Override
            protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
                runs.incrementAndGet();
                builder.up();
            }
        });
        AtomicLong clock = new AtomicLong();
        ConsoleState state =
                new ConsoleState(new ConsoleErrors(), new PublishAccess(new BrowserRequests()), clock::get);
        for (int i = 0; i < 50; i++) {
            state.process(request(Map.of()));
        }
        assertThat(runs).as("50 requests within the second").hasValue(1);
        clock.addAndGet(ConsoleState.HEALTH_CACHE.toNanos() - 1);
        state.process(request(Map.of()));
        assertThat(runs).hasValue(1);
        clock.addAndGet(1);
        state.process(request(Map.of()));
        assertThat(runs).as("a second later").hasValue(2);
    }
}
