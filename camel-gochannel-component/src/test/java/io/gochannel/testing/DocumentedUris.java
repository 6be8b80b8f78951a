package io.gochannel.testing;

import java.util.List;

/**
 * Every provider URI form the docs show that holds a secret (docs/configuration.md and docs/providers/*.md),
 * each with the secret {@value #SECRET} (access keys {@code AKIAHUNTER2}), for the tests that check it is
 * masked wherever a URI is shown: the masked form, free text, errors, the app's banner and console. Shared
 * with the routing app's tests through the test jar.
 */
public final class DocumentedUris {
    /** The secret in every form; a check looks for it ignoring case ({@code AKIAHUNTER2} holds it too). */
    public static final String SECRET = "hunter2";

    /** A form and a part of it that is no secret and must stay visible once masked (the host, mostly). */
    public record Form(String uri, String visible) {}

    public static final List<Form> WITH_SECRETS = List.of(
            // redis.md: "a password alone: redis://:password@host:6379", user and password, TLS, a database.
            new Form("redis://:hunter2@redis.example:6379", "redis.example:6379"),
            new Form(
                    "redis://:hunter2@redis.example:6379/2?group=g&keyPrefix=gochannel:&lease=30s",
                    "keyPrefix=gochannel:"),
            new Form("redis://app:hunter2@redis.example:6379/0", "app:***@redis.example"),
            new Form("rediss://:hunter2@redis.example:6380", "redis.example:6380"),
            new Form("rediss://app:hunter2@redis.example:6380/1?group=g", "redis.example:6380"),
            new Form("redis://:hunter2%40x@redis.example:6379", "redis.example"),
            // rabbitmq.md: amqp://user:password@host:5672[/vhost]?group=..&queueType=..&confirmTimeout=.., amqps://.
            new Form("amqp://app:hunter2@rabbit.example:5672", "rabbit.example:5672"),
            new Form(
                    "amqp://app:hunter2@rabbit.example:5672/prod?group=g&queueType=quorum&confirmTimeout=30s", "/prod"),
            new Form("amqps://app:hunter2@rabbit.example:5671/%2F", "rabbit.example:5671"),
            // postgresql.md: postgresql://user:password@host:5432/database?..&sslmode=.., or the password as a
            // parameter.
            new Form(
                    "postgresql://app:hunter2@db.example:5432/shop?group=g&schema=gochannel&sslmode=require",
                    "db.example:5432/shop"),
            new Form("postgresql://db.example:5432/shop?user=app&password=hunter2", "db.example:5432/shop"),
            new Form(
                    "postgresql://app@db.example:5432/shop?sslmode=verify-full&sslpassword=hunter2",
                    "sslmode=verify-full"),
            // kafka.md: client properties with a dot, SASL's JAAS configuration and TLS passwords.
            new Form(
                    "kafka://kafka.example:9092?group=g&security.protocol=SASL_SSL&sasl.mechanism=PLAIN&sasl.jaas.config="
                            + "org.apache.kafka.common.security.plain.PlainLoginModule%20required%20username%3D%22app%22%20password%3D%22hunter2%22%3B",
                    "security.protocol=SASL_SSL"),
            new Form(
                    "kafka://kafka.example:9092,kafka2.example:9092?ssl.keystore.password=hunter2&ssl.key.password=hunter2",
                    "kafka2.example:9092"),
            // sqs.md and sns.md: accessKey and secretKey, an emulator's host or AWS itself.
            new Form(
                    "sqs://sqs.example:4566?region=us-east-1&accessKey=AKIAHUNTER2&secretKey=hunter2",
                    "region=us-east-1"),
            new Form("sqs://?region=eu-west-1&accessKey=AKIAHUNTER2&secretKey=hunter2&fifo=true", "region=eu-west-1"),
            new Form(
                    "sns://sqs.example:4566?region=us-east-1&accessKey=AKIAHUNTER2&secretKey=hunter2&group=app",
                    "group=app"),
            // camel.md: any Camel endpoint, whose own parameters may hold a password or a URI with one.
            new Form(
                    "camel:paho-mqtt5:{topic}?brokerUrl=tcp://mqtt.example:1883&userName=app&password=hunter2",
                    "userName=app"),
            new Form("camel:paho:{topic}?brokerUrl=tcp://app:hunter2@mqtt.example:1883&qos=1", "mqtt.example:1883"),
            new Form("camel:spring-redis://:hunter2@redis.example:6379?command=PUBLISH", "redis.example:6379"),
            new Form(
                    "camel:kafka:{topic}?brokers=kafka.example:9092&saslJaasConfig=RAW(PlainLoginModule required"
                            + " username=\"app\" password=\"hunter2\";)",
                    "brokers=kafka.example:9092"));

    private DocumentedUris() {}
}
