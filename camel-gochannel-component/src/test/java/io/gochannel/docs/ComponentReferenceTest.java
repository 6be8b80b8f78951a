package io.gochannel.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/component.md}'s option tables are generated from the component JSON that
 * camel-component-maven-plugin writes from the {@code @UriParam} and {@code @Metadata} annotations, so
 * the documentation of an option lives on the option, once. This test fails when the page is stale;
 * {@code -Dgochannel.docs.update=true} rewrites the generated part.
 */
class ComponentReferenceTest {
    private static final Path PAGE = Path.of("..", "docs", "component.md");
    private static final String BEGIN = "<!-- generated from gochannel.json: begin -->";
    private static final String END = "<!-- generated from gochannel.json: end -->";

    @Test
    void theComponentReferenceShowsEveryOptionAsTheAnnotationsDescribeIt() throws Exception {
        JsonNode json;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/io/gochannel/camel/gochannel.json")) {
            json = new ObjectMapper().readTree(in);
        }
        String generated = BEGIN + "\n\n" + table("Endpoint options (`gochannel:topic?...`)", json.get("properties"))
                + "\n" + table("Component options (`camel.component.gochannel.*`)", json.get("componentProperties"))
                + "\n" + headers(json.get("headers")) + "\n" + END;
        String page = Files.readString(PAGE, StandardCharsets.UTF_8);
        int begin = page.indexOf(BEGIN);
        int end = page.indexOf(END);
        assertThat(begin).as("%s has the generated section's markers", PAGE).isNotNegative();
        String current = page.substring(begin, end + END.length());
        if (Boolean.getBoolean("gochannel.docs.update")) {
            Files.writeString(PAGE, page.replace(current, generated), StandardCharsets.UTF_8);
            return;
        }
        assertThat(current)
                .as("docs/component.md is stale: run the build with -Dgochannel.docs.update=true")
                .isEqualTo(generated);
    }

    private static String table(String title, JsonNode options) {
        StringBuilder out = new StringBuilder("### ")
                .append(title)
                .append("\n\n| option | kind | default | description |\n|---|---|---|---|\n");
        for (Iterator<Map.Entry<String, JsonNode>> it = options.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> option = it.next();
            JsonNode o = option.getValue();
            String label = o.path("label").asText("");
            out.append("| `")
                    .append(option.getKey())
                    .append("` | ")
                    .append(label.isEmpty() ? "common" : label)
                    .append(" | ")
                    .append(o.has("defaultValue") ? "`" + o.get("defaultValue").asText() + "`" : "")
                    .append(" | ")
                    .append(cell(o.path("description").asText("")))
                    .append(" |\n");
        }
        return out.toString();
    }

    private static String headers(JsonNode headers) {
        StringBuilder out = new StringBuilder("### Headers\n\n| header | description |\n|---|---|\n");
        for (Iterator<Map.Entry<String, JsonNode>> it = headers.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> header = it.next();
            out.append("| `")
                    .append(header.getKey())
                    .append("` | ")
                    .append(cell(header.getValue().path("description").asText("")))
                    .append(" |\n");
        }
        return out.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
