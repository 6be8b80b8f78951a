package io.gochannel.provider.camel;

import io.gochannel.contract.ProviderFeatures;
import io.gochannel.contract.QueueProviderContract;
import io.gochannel.testing.PrivateMosquitto;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The contract on {@code camel:} over a real broker none of gochannel's providers covers: MQTT 3.1.1
 * on Mosquitto, through camel-paho 4.17, with QoS 1, persistent sessions ({@code cleanSession=false},
 * a stable client id per group and topic) and manual acknowledgement (the PUBACK is sent when the
 * exchange completes). What it gives, flagged honestly:
 * <ul>
 *   <li>consumer groups: yes, a group is a session, and each session gets every message;</li>
 *   <li>competing consumers within a group: no, a session has one connection;</li>
 *   <li>a nack is not redelivered while the session lasts (MQTT resends un-acknowledged messages
 *       only when a session reconnects), and there is no attempt counter;</li>
 *   <li>no context and no key: MQTT 3.1.1 messages have no headers;</li>
 *   <li>NOT at-least-once across a reconnect: camel-paho's consumer connects before it sets its
 *       message callback, and the broker resends the session's un-acknowledged messages right after
 *       the connect; Paho drops messages that arrive without a callback, unacknowledged, so they stay
 *       stranded in the session. Hence no persistence test and no redelivery to a new subscription;</li>
 *   <li>order per key is not claimed.</li>
 * </ul>
 * It runs on a private Mosquitto with no limit on queued messages (the default, 1000 per session,
 * drops QoS 1 messages beyond it), so the shared broker on 1883 keeps its configuration.
 */
class CamelMqttProviderContractTest extends QueueProviderContract {
    private static PrivateMosquitto mosquitto;

    @BeforeAll
    static void startBroker() throws Exception {
        mosquitto = PrivateMosquitto.start(
                Path.of("target", "mosquitto-" + UUID.randomUUID().toString().substring(0, 8)));
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (mosquitto != null) {
            mosquitto.close();
        }
    }

    @Override
    protected String providerUri(String group) {
        return "camel:paho:{topic}?brokerUrl=" + mosquitto.url()
                + "&qos=1&cleanSession=false&manualAcksEnabled=true&maxInflight=1000" + "&clientId={client}&group="
                + group;
    }

    @Override
    protected ProviderFeatures features() {
        return ProviderFeatures.builder()
                .consumerGroups()
                .maxBodyBytes(256 * 1024 * 1024)
                .build();
    }
}
