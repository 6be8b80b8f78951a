package io.gochannel.spring.boot;

import io.gochannel.support.postgresql.PostgresSettings;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The postgresql:// URI the outbox relay reads: {@code gochannel.outbox.database}, or the database of Boot's
 * {@code spring.datasource.*} turned into one. The relay keeps connections of its own (one listens for the
 * writers' notifications), so it cannot borrow the application's pool.
 */
final class RelayDatabase {
    private RelayDatabase() {}

    /**
     * @param configured {@code gochannel.outbox.database}, or null
     * @param jdbcUrl {@code spring.datasource.url}, or null
     * @throws IllegalArgumentException naming the property to set, never showing a password
     */
    static String uri(String configured, String jdbcUrl, String username, String password, String schema) {
        if (configured != null) {
            PostgresSettings settings;
            try {
                settings = PostgresSettings.parse(configured);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("gochannel.outbox.database: " + e.getMessage(), e);
            }
            if (!settings.schema().equals(schema)) {
                throw new IllegalArgumentException("gochannel.outbox.database names schema " + settings.schema()
                        + ", gochannel.outbox.schema " + schema + ": the relay would read another table than"
                        + " OutboxWriter writes; make them the same");
            }
            return configured;
        }
        String advice = ": set gochannel.outbox.database=postgresql://user:password@host:5432/database (the relay's"
                + " database, with ?sslmode=... if needed)";
        if (jdbcUrl == null || jdbcUrl.isBlank()) {
            throw new IllegalArgumentException(
                    "gochannel.outbox.enabled: the relay does not know which database to read, spring.datasource.url"
                            + " is not set" + advice);
        }
        if (!jdbcUrl.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("gochannel.outbox.enabled: spring.datasource.url is not a"
                    + " jdbc:postgresql://host:port/database URL the relay can read" + advice);
        }
        URI parsed;
        try {
            parsed = new URI(jdbcUrl.substring("jdbc:".length()));
        } catch (java.net.URISyntaxException e) {
            // Neither the URL nor the parser's message, which quotes it: it may hold a password parameter.
            throw new IllegalArgumentException(
                    "gochannel.outbox.enabled: spring.datasource.url cannot be read as a URL" + advice);
        }
        String host = parsed.getHost();
        int port = parsed.getPort();
        String authority = parsed.getRawAuthority();
        if (host == null && authority != null && !authority.contains(",") && !authority.contains("@")) {
            // A name java.net.URI does not take as a host (my_db, Docker's underscore): read host[:port] by hand.
            int colon = authority.lastIndexOf(':');
            host = colon > 0 ? authority.substring(0, colon) : authority;
            String digits = colon > 0 ? authority.substring(colon + 1) : "";
            port = digits.matches("\\d{1,5}") ? Integer.parseInt(digits) : (colon > 0 ? -2 : -1);
        }
        if (host == null
                || host.isEmpty()
                || port == -2
                || parsed.getRawPath() == null
                || parsed.getRawPath().length() < 2) {
            throw new IllegalArgumentException("gochannel.outbox.enabled: spring.datasource.url names no single host"
                    + " and database (jdbc:postgresql://host:port/database)" + advice);
        }
        List<String> parameters = new ArrayList<>();
        parameters.add("schema=" + schema);
        if (parsed.getRawQuery() != null) {
            for (String parameter : parsed.getRawQuery().split("&")) {
                String name = parameter.contains("=") ? parameter.substring(0, parameter.indexOf('=')) : parameter;
                if (name.isEmpty()) {
                    continue;
                }
                if (!name.startsWith("ssl")) {
                    throw new IllegalArgumentException("gochannel.outbox.enabled: spring.datasource.url has the driver"
                            + " parameter '" + name + "', which the relay does not take (only ssl...)" + advice);
                }
                parameters.add(parameter);
            }
        }
        StringBuilder uri = new StringBuilder("postgresql://");
        if (username != null && !username.isEmpty()) {
            uri.append(encode(username));
            if (password != null && !password.isEmpty()) {
                uri.append(':').append(encode(password));
            }
            uri.append('@');
        }
        uri.append(host); // an IPv6 address keeps its brackets
        if (port > 0) {
            uri.append(':').append(port);
        }
        uri.append(parsed.getRawPath()).append('?').append(String.join("&", parameters));
        return uri.toString();
    }

    private static String encode(String userInfo) {
        return URLEncoder.encode(userInfo, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
