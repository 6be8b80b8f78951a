package io.gochannel.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.FailedToStartRouteException;
import org.apache.camel.RuntimeCamelException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the app reads its routes and configuration, and what a failed start-up prints. */
class RoutingAppTest {
    @TempDir
    Path dir;

    @Test
    void theWorkingDirectoryWinsAndTheJarIsTheFallback() throws Exception {
        assertThat(RoutingApp.routesPattern(dir)).isEqualTo("classpath:routes/*.yaml");
        assertThat(RoutingApp.configLocation(dir)).isEqualTo("classpath:config/application.properties");
        Files.createDirectories(dir.resolve("routes"));
        Files.createDirectories(dir.resolve("config"));
        Files.writeString(dir.resolve("config/application.properties"), "gochannel.provider=memory:\n");
        assertThat(RoutingApp.routesPattern(dir))
                .isEqualTo("file:" + dir.toAbsolutePath().resolve("routes") + "/*.yaml");
        assertThat(RoutingApp.configLocation(dir))
                .isEqualTo("file:" + dir.toAbsolutePath().resolve("config/application.properties"));
    }

    @Test
    void aFailedStartUpIsDescribedByTheOutermostConfigurationErrorElseTheDeepestMessage() {
        Exception wrapped = new FailedToStartRouteException(
                "r1",
                "wrapper says where",
                new RuntimeCamelException(new IllegalArgumentException(
                        "gochannel provider 'default' (property" + " gochannel.provider): bad URI",
                        new IllegalArgumentException("bad URI"))));
        assertThat(FailureMessages.describe(wrapped))
                .isEqualTo("gochannel provider 'default' (property gochannel.provider): bad URI");
        assertThat(FailureMessages.describe(
                        new RuntimeCamelException("outer", new IllegalStateException("port in use"))))
                .isEqualTo("port in use");
    }
}
