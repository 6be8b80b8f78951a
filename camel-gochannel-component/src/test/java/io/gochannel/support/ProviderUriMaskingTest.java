package io.gochannel.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.gochannel.QueueProviders;
import io.gochannel.testing.DocumentedUris;
import io.gochannel.testing.DocumentedUris.Form;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every URI form the docs show with a secret ({@link DocumentedUris}) is masked wherever a URI is shown: its
 * masked form, free text holding it (an error message, a log line), and the errors each provider raises
 * about it, while the parts that are no secret (the host) stay readable.
 */
class ProviderUriMaskingTest {
    private static final String SECRET = DocumentedUris.SECRET;

    @Test
    void theMaskedFormOfEveryDocumentedUriHidesItsSecretAndKeepsItsHost() {
        for (Form form : DocumentedUris.WITH_SECRETS) {
            ProviderUri uri = ProviderUri.parse(form.uri());
            assertThat(uri.masked())
                    .as(form.uri())
                    .doesNotContainIgnoringCase(SECRET)
                    .contains(form.visible());
            assertThat(uri.toString()).as(form.uri()).isEqualTo(uri.masked());
        }
    }

    @Test
    void freeTextHoldingEveryDocumentedUriIsMasked() {
        for (Form form : DocumentedUris.WITH_SECRETS) {
            assertThat(ProviderUri.maskFreeText(form.uri())).as(form.uri()).doesNotContainIgnoringCase(SECRET);
            String message = "Unable to connect to " + form.uri() + " (connection refused)";
            assertThat(ProviderUri.maskFreeText(message))
                    .as(message)
                    .doesNotContainIgnoringCase(SECRET)
                    .startsWith("Unable to connect to ");
        }
        assertThat(ProviderUri.maskFreeText("redis://:hunter2@host:6379")).isEqualTo("redis://:***@host:6379");
        assertThat(ProviderUri.maskFreeText("redis://:p@ss@host:6379/0"))
                .as("an @ inside the password")
                .isEqualTo("redis://:***@host:6379/0");
        assertThat(ProviderUri.maskFreeText("user app:hunter2@host")).isEqualTo("user app:***@host");
        assertThat(ProviderUri.maskFreeText(null)).isNull();
    }

    @Test
    void everyProvidersErrorAboutADocumentedUriHidesItsSecret() {
        // An unknown parameter, or a user where the provider takes none: refused before any connection.
        List<String> refused = List.of(
                "redis://:hunter2@redis.example:6379?bogus=1",
                "rediss://app:hunter2@redis.example:6380?bogus=1",
                "amqp://app:hunter2@rabbit.example:5672/prod?bogus=1",
                "amqps://app:hunter2@rabbit.example:5671?bogus=1",
                "postgresql://app:hunter2@db.example:5432/shop?bogus=1",
                "postgresql://db.example/shop?password=hunter2&bogus=1",
                "kafka://app:hunter2@kafka.example:9092",
                "kafka://kafka.example:9092?sasl.jaas.config=password%3Dhunter2&bogus=1",
                "sqs://sqs.example:4566?region=us-east-1&accessKey=AKIAHUNTER2&secretKey=hunter2&bogus=1",
                "sns://sqs.example:4566?region=us-east-1&accessKey=AKIAHUNTER2&secretKey=hunter2&bogus=1",
                "redis://:hunter2@redis.example:notaport",
                "amqp://app:hunter2@?group=g",
                // A password holding an unencoded '?': the query would start inside it (refused, shown nowhere).
                "redis://:hunter2?x=y@redis.example:6379",
                "rediss://:hunt?er=hunter2@redis.example:6380",
                "postgresql://app:hunter2?ss=w@db.example:5432/shop",
                "amqp://app:hunter2?x=y@rabbit.example:5672");
        for (String uri : refused) {
            Throwable failure = catchThrowable(() -> QueueProviders.fromUri(uri).close());
            assertThat(failure).as(uri).isInstanceOf(IllegalArgumentException.class);
            assertThat(failure.getMessage()).as(uri).doesNotContainIgnoringCase(SECRET);
        }
        for (Form form : DocumentedUris.WITH_SECRETS) {
            Throwable failure = catchThrowable(() -> UriParameters.of("test").check(ProviderUri.parse(form.uri())));
            if (failure != null) {
                assertThat(failure.getMessage()).as(form.uri()).doesNotContainIgnoringCase(SECRET);
            }
        }
    }

    /** Forms the docs do not show but an operator may write: an unencoded '/', '?' or '&' in a password, other secret parameter names. */
    @Test
    void passwordsWithUnencodedSeparatorsAndOtherSecretNamesAreMaskedToo() {
        for (String uri : List.of(
                "amqp://app:pa/" + SECRET + "@rabbit.example:5672",
                "amqp://app:pa?" + SECRET + "@rabbit.example",
                "camel:kafka:{topic}?brokers=h:9092&sslKeyPassword=RAW(a&" + SECRET + ")",
                "camel:pgevent://h:5432/db/{topic}?user=u&pass=" + SECRET,
                "camel:stomp:queue:{topic}?passcode=" + SECRET,
                "camel:pulsar:persistent://t/n/{topic}?authenticationParams=token:" + SECRET,
                "camel:slack:#{topic}?webhookUrl=https://hooks.slack.com/services/T0/B0/" + SECRET)) {
            assertThat(ProviderUri.maskFreeText(uri)).as("free text: " + uri).doesNotContain(SECRET);
            Throwable failure = catchThrowable(
                    () -> assertThat(ProviderUri.parse(uri).masked()).as(uri).doesNotContain(SECRET));
            if (failure != null) {
                assertThat(failure).as(uri).isInstanceOf(IllegalArgumentException.class);
                assertThat(failure.getMessage()).as(uri).doesNotContain(SECRET);
            }
        }
        assertThat(ProviderUri.parse("camel:kafka:{topic}?brokers=h:9092&sslKeyPassword=RAW(a&b)")
                        .params())
                .as("a RAW value keeps its '&'")
                .containsEntry("sslKeyPassword", "RAW(a&b)")
                .hasSize(2);
    }

    @Test
    void freeTextMasksSecretsWhateverTheNameLooksLikeAndPasswordsWithSpaces() {
        assertThat(ProviderUri.maskFreeText("postgresql://db/x?sslp%61ssword=hunter2&sslmode=require"))
                .doesNotContain("hunter2")
                .contains("sslmode=require");
        assertThat(ProviderUri.maskFreeText("x?password_1=hunter2&password2=hunter3&pwd=hunter4&sig=hunter5"))
                .doesNotContain("hunter");
        assertThat(ProviderUri.maskFreeText("amqp://app:correct horse battery@rabbit:5672"))
                .isEqualTo("amqp://app:***@rabbit:5672");
    }

    @Test
    void anInvalidPercentEscapeIsRefusedWithoutQuotingWhatFollowsIt() {
        assertThatThrownBy(() ->
                        ProviderUri.parse("amqp://app:pa%zzword@rabbit:5672").password())
                .hasMessageContaining("%25")
                .hasMessageNotContaining("zz");
    }

    @Test
    void aHarmlessPairNeverHidesASecretBehindIt() {
        for (String text : java.util.List.of(
                "host=db user=app password=hunter2 dbname=x",
                "app.jar --server.port=8080 --spring.datasource.password=hunter2",
                "-Xmx1g -Djavax.net.ssl.keyStorePassword=hunter2",
                "security.protocol=SASL_SSL sasl.jaas.config=PlainLoginModule required password=\"hunter2\";",
                "Endpoint=sb://ns/;SharedAccessKeyName=R;SharedAccessKey=hunter2",
                "group=g1\npassword=hunter2",
                "jdbc:sqlserver://db;user=app;password=hunter2",
                "%0credential=hunter2",
                "user:pw@h;password=hunt@er2",
                "u:pw@h,apiKey=hunt@er2",
                "postgresql://u:p@h/db?sslpassword=hunt@er2&x=1",
                "amqp://guest:guest@rabbit:5672/vh?password=hunt@er2",
                "-Dbroker=tcp://mq:61616 -Dbroker.password=hunt@er2",
                "Connecting to redis://cache:6379 with password=hunt@er2",
                "jdbc:sqlserver://db:1433;user=sa;password=hunt@er2",
                "x=h:1\"apiKey=hunt@er2&y",
                "redis://u:pw @h?a=b\"signature=hunt=/--db.password=x@@er2?y")) {
            assertThat(ProviderUri.maskFreeText(text))
                    .as(text)
                    .doesNotContain("hunt")
                    .doesNotContain("er2");
        }
        assertThat(ProviderUri.parse("kafka://h:9092?conn=host%3Ddb%20password%3Dhunter2")
                        .masked())
                .doesNotContain("hunter2");
    }

    @Test
    void aPasswordHoldingAtSlashOrQuestionMarkIsMaskedWhole() {
        assertThat(ProviderUri.maskFreeText("redis://:s3cr@t/pa55@cache:6379")).isEqualTo("redis://:***@cache:6379");
        assertThat(ProviderUri.maskFreeText("postgresql://app:Pa@ss/w0rd@db:5432/shop"))
                .isEqualTo("postgresql://app:***@db:5432/shop");
        assertThat(ProviderUri.maskFreeText("amqp://app:pa@ss?word@rabbit:5672/vh"))
                .isEqualTo("amqp://app:***@rabbit:5672/vh");
        assertThat(ProviderUri.maskFreeText("user:pass@word@host"))
                .doesNotContain("pass")
                .doesNotContain("word@");
        assertThat(ProviderUri.maskFreeText("http://api:8080/x, contact ops@example.com"))
                .isEqualTo("http://api:8080/x, contact ops@example.com");
    }

    @Test
    void aPasswordHoldingASecretLookingNameIsThePasswords() {
        assertThat(ProviderUri.maskFreeText("amqp://guest:aGVsbG8keyX=@broker:5672"))
                .isEqualTo("amqp://guest:***@broker:5672");
        assertThat(ProviderUri.maskFreeText("failed amqp://guest:MyPassw0rd=1@broker:5672"))
                .isEqualTo("failed amqp://guest:***@broker:5672");
        assertThat(ProviderUri.maskFreeText("guest:aGVsbG8keyX=@broker:5672")).isEqualTo("guest:***@broker:5672");
    }

    @Test
    @org.junit.jupiter.api.Timeout(120) // a quadratic scan of these inputs runs for many minutes
    void longInputsAreMaskedInLinearTime() {
        for (String unit :
                java.util.List.of("a", "a.b-c", "ab:", "//:", "a=", "//a:b ", "x@", "@", "a@b ", "@/", ":@;")) {
            String text = unit.repeat(1_000_000 / unit.length());
            long started = System.nanoTime();
            ProviderUri.maskFreeText(text);
            // Not a speed assertion: a quadratic scan of 1,000,000 characters takes minutes; this generous bound
            // only names the input that did.
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - started))
                    .as("masking %s x %d", unit, 1_000_000 / unit.length())
                    .isLessThan(java.time.Duration.ofSeconds(20));
        }
    }
}
