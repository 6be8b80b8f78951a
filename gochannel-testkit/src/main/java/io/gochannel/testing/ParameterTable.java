package io.gochannel.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.gochannel.support.UriParameters;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Keeps the parameter table of a provider's page equal to the provider's declaration ({@link UriParameters}):
 * the table sits between {@link #BEGIN} and {@link #END}, and a build run with
 * {@code -Dgochannel.docs.update=true} writes it instead of checking it.
 */
public final class ParameterTable {
    public static final String BEGIN =
            "<!-- URI parameters: generated from the provider's declaration, do not edit: begin -->";
    public static final String END = "<!-- URI parameters: end -->";

    private ParameterTable() {}

    /**
     * Asserts that {@code page} shows {@code parameters} as {@link UriParameters#markdownTable()} writes them.
     *
     * @throws AssertionError if the page has no markers or another table
     */
    public static void assertDocumented(Path page, UriParameters parameters) throws IOException {
        String text = Files.readString(page, StandardCharsets.UTF_8);
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        assertThat(begin)
                .as("%s has the markers of the generated parameter table (%s ... %s)", page, BEGIN, END)
                .isNotNegative();
        assertThat(end).as("%s has the end marker after the begin marker", page).isGreaterThan(begin);
        String current = text.substring(begin, end + END.length());
        String generated = BEGIN + "\n\n" + parameters.markdownTable() + "\n" + END;
        if (Boolean.getBoolean("gochannel.docs.update")) {
            Files.writeString(page, text.replace(current, generated), StandardCharsets.UTF_8);
            return;
        }
        assertThat(current)
                .as("the parameter table of %s is stale: run the build with -Dgochannel.docs.update=true", page)
                .isEqualTo(generated);
    }

    /** {@code docs/providers/<name>} of the repository the build runs in, found from the working directory up. */
    public static Path providerPage(String name) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path page = dir.resolve("docs").resolve("providers").resolve(name);
            if (Files.isRegularFile(page)) {
                return page;
            }
        }
        throw new AssertionError(
                "no docs/providers/" + name + " above " + Path.of("").toAbsolutePath());
    }
}
