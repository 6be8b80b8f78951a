package io.gochannel.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.gochannel.EventEnvelope;
import io.gochannel.Events;
import io.gochannel.ReceiveChannel;
import io.gochannel.Transport;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * {@code gochannel:} routes of a camel-spring-boot application and the starter's {@code Transport} beans on the same
 * configuration: a route names a provider of {@code gochannel.providers.<name>} as the beans do, reads what a bean
 * sends and writes what a bean receives.
 */
@Timeout(60)
class CamelRoutesBootTest {
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class RoutingService {
        @Bean
        RouteBuilder shout() {
            return new RouteBuilder() {
                @Override
                public void configure() {
                    from("gochannel:words-" + RUN + "?provider=orders")
                            .transform(body().convertToString().append("!"))
                            .to("gochannel:shouts-" + RUN + "?provider=orders");
                }
            };
        }
    }

    @Test
    void aRouteAndATransportBeanShareTheConfiguredProvider() throws Exception {
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(RoutingService.class)
                .web(WebApplicationType.NONE)
                .properties(
                        "spring.autoconfigure.exclude=" + RedisHealthBootTest.NO_DATABASE,
                        "gochannel.providers.orders=memory:?group=boot-camel-" + RUN)
                .run()) {
            Transport orders =
                    org.springframework.beans.factory.annotation.BeanFactoryAnnotationUtils.qualifiedBeanOfType(
                            app.getBeanFactory(), Transport.class, "orders");
            ReceiveChannel<EventEnvelope> shouts = orders.receive("shouts-" + RUN);
            orders.publish("words-" + RUN, Events.string(Map.of(), "hello")).join();
            Optional<EventEnvelope> shout = shouts.poll(Duration.ofSeconds(20));
            assertThat(shout).as("the route's output within 20 s").isPresent();
            assertThat(Events.text(shout.get().event())).isEqualTo("hello!");
            shout.get().ack();
        }
    }
}
