package io.gochannel.camel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** The jar's component index names exactly the components it registers, as Camel's tooling reads them. */
class ComponentIndexTest {

    @Test
    void theIndexListsEveryComponentOfTheJarWithItsCoordinates() throws Exception {
        Properties index = new Properties();
        try (InputStream in =
                getClass().getResourceAsStream("/META-INF/services/org/apache/camel/component.properties")) {
            assertThat(in)
                    .as("META-INF/services/org/apache/camel/component.properties in the jar")
                    .isNotNull();
            index.load(in);
        }
        Set<String> registered;
        try (Stream<Path> descriptors =
                Files.list(Path.of("target/classes/META-INF/services/org/apache/camel/component"))) {
            registered =
                    descriptors.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
        assertThat(new TreeSet<>(Arrays.asList(index.getProperty("components").split(" "))))
                .isEqualTo(registered);
        assertThat(index.getProperty("groupId")).isEqualTo("io.gochannel");
        assertThat(index.getProperty("artifactId")).isEqualTo("camel-gochannel-component");
        assertThat(index.getProperty("version")).doesNotContain("${");
        try (CamelContext camel = new DefaultCamelContext()) {
            for (String name : registered) {
                assertThat(camel.getComponent(name))
                        .as("component %s resolves by name", name)
                        .isNotNull();
            }
        }
    }
}
