package io.gochannel.camel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** In the routing app's tests: the core's tests log through slf4j-simple, whose MDC keeps nothing; the app's Log4j 2 keeps it. */
class LogContextTest {
    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @AfterEach
    void clear() {
        MDC.clear();
    }

    @Test
    void aReceivedMessagesEntriesLastAsLongAsItsScopeAndThenWhatWasThereComesBack() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.setUseMDCLogging(true);
            MDC.put(LogContext.TOPIC, "outer");
            Exchange exchange = new DefaultExchange(camel);
            exchange.getMessage().setHeader("traceparent", TRACEPARENT);
            try (LogContext.Scope scope =
                    LogContext.restore(LogContext.received(exchange, "orders", "billing", null))) {
                assertThat(MDC.get(LogContext.TOPIC)).isEqualTo("orders");
                assertThat(MDC.get(LogContext.GROUP)).isEqualTo("billing");
                assertThat(MDC.get(LogContext.PROVIDER)).isEqualTo("default");
                assertThat(MDC.get(LogContext.TRACE_ID)).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
                assertThat(MDC.get(LogContext.SPAN_ID)).isEqualTo("00f067aa0ba902b7");
                Map<String, String> captured = LogContext.capture(exchange);
                MDC.clear(); // another thread, say
                try (LogContext.Scope continuing = LogContext.restore(captured)) {
                    assertThat(MDC.get(LogContext.TRACE_ID)).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
                    assertThat(MDC.get(LogContext.TOPIC)).isEqualTo("orders");
                }
                assertThat(MDC.get(LogContext.TRACE_ID)).isNull();
                MDC.put(LogContext.TOPIC, "orders");
            }
            assertThat(MDC.get(LogContext.TOPIC)).isEqualTo("outer");
            assertThat(MDC.get(LogContext.TRACE_ID)).isNull();
            assertThat(MDC.get(LogContext.GROUP)).isNull();
        }
    }

    @Test
    void aTraceparentThatDoesNotParseGivesNoTraceId() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.setUseMDCLogging(true);
            for (String bad : new String[] {
                "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", // upper case
                "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01", // short
                "garbage\nfake-line",
                ""
            }) {
                Exchange exchange = new DefaultExchange(camel);
                exchange.getMessage().setHeader("traceparent", bad);
                try (LogContext.Scope scope =
                        LogContext.restore(LogContext.received(exchange, "orders", "billing", "p"))) {
                    assertThat(MDC.get(LogContext.TRACE_ID)).as(bad).isNull();
                    assertThat(MDC.get(LogContext.PROVIDER)).isEqualTo("p");
                }
            }
        }
    }

    @Test
    void withoutCamelsMdcLoggingTheMdcIsLeftAlone() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            Exchange exchange = new DefaultExchange(camel);
            exchange.getMessage().setHeader("traceparent", TRACEPARENT);
            try (LogContext.Scope scope =
                    LogContext.restore(LogContext.received(exchange, "orders", "billing", null))) {
                assertThat(MDC.getCopyOfContextMap() == null
                                || MDC.getCopyOfContextMap().isEmpty())
                        .isTrue();
            }
            assertThat(LogContext.capture(exchange)).isNull();
        }
    }
}
