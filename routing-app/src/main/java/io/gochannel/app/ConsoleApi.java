package io.gochannel.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * The live console, on the app's HTTP port: {@code GET /} serves the page (one HTML file packed in this
 * jar: no CDN, it works without internet), which polls {@code GET /console/state} ({@link ConsoleState})
 * every two seconds and draws rates from successive readings of the same meters {@code /observe/metrics}
 * serves. Its actions are POSTs: listing, replaying and discarding dead letters ({@link DeadLetterBrowse},
 * {@link DeadLetterReplay}, {@link DeadLetterDiscard}) and publishing a test
 * event (the page posts to {@code POST /topics/{topic}}, under that endpoint's rules). When
 * {@code gochannel.http.token} is set, the state and every action require the bearer token (the page
 * asks for it); the page itself holds no data. Every console request must name a host of
 * {@code gochannel.http.allowedHosts} (else 421), and the state and the dead-letter requests must not come from
 * another origin (else 403): {@link BrowserRequests}.
 */
final class ConsoleApi extends RouteBuilder {
    static final String PAGE = "console/index.html";

    private final PublishAccess access;
    private final BrowserRequests browsers;

    ConsoleApi(PublishAccess access, BrowserRequests browsers) {
        this.access = access;
        this.browsers = browsers;
    }

    @Override
    public void configure() throws Exception {
        ConsoleErrors errors = new ConsoleErrors();
        getContext().getManagementStrategy().addEventNotifier(errors);
        byte[] page = page();

        onException(Exception.class).handled(true).process(new PublishFailureResponse());

        // Every console request must name an allowed host (DNS rebinding); the state and the dead-letter requests
        // must also come from the console's own page or from a client that is not a browser.
        from("platform-http:/?httpMethodRestrict=GET").routeId("console-page").process(exchange -> {
            browsers.requireAllowedHost(exchange);
            exchange.getMessage().removeHeaders("*");
            exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "text/html; charset=utf-8");
            exchange.getMessage().setHeader("Cache-Control", "no-store");
            // No other site may frame the page: a framed console's buttons post from its own origin.
            exchange.getMessage().setHeader("X-Frame-Options", "DENY");
            exchange.getMessage().setHeader("Content-Security-Policy", "frame-ancestors 'none'");
            exchange.getMessage().setBody(page);
        });
        from("platform-http:/console/state?httpMethodRestrict=GET")
                .routeId("console-state")
                .process(exchange -> {
                    browsers.requireAllowedHost(exchange);
                    browsers.requireSameOrigin(exchange);
                })
                .process(new ConsoleState(errors, access));
        // Dead letters: listed, replayed and discarded; one request per dead-letter topic at a time.
        DeadLetterGuard deadLetters = new DeadLetterGuard();
        getContext().addService(new DeadLetterGauges(getContext()));
        // Listing is a POST too: it takes dead letters and hands them back (a delivery on the broker's count).
        from("platform-http:/console/dead-letters/{topic}/list?httpMethodRestrict=POST")
                .routeId("console-dead-letters")
                .process(exchange -> {
                    browsers.requireAllowedHost(exchange);
                    browsers.requireSameOrigin(exchange);
                })
                .process(new DeadLetterBrowse(deadLetters));
        from("platform-http:/console/dead-letters/{topic}/replay?httpMethodRestrict=POST")
                .routeId("console-replay")
                .process(exchange -> {
                    browsers.requireAllowedHost(exchange);
                    browsers.requireSameOrigin(exchange);
                })
                .process(new DeadLetterReplay(access, deadLetters));
        from("platform-http:/console/dead-letters/{topic}/discard?httpMethodRestrict=POST")
                .routeId("console-discard")
                .process(exchange -> {
                    browsers.requireAllowedHost(exchange);
                    browsers.requireSameOrigin(exchange);
                })
                .process(new DeadLetterDiscard(deadLetters));
    }

    private static byte[] page() {
        try (InputStream in = ConsoleApi.class.getClassLoader().getResourceAsStream(PAGE)) {
            if (in == null) {
                throw new IllegalStateException(PAGE + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
