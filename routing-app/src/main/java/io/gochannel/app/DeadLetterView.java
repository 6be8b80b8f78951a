package io.gochannel.app;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gochannel.Event;
import io.gochannel.ReceivedEvent;
import io.gochannel.middleware.DeadLetter;
import io.gochannel.support.ProviderUri;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;

/**
 * A dead letter as the console lists it, bounded whatever the message holds: its id (what replay and discard
 * name), the topic it came from, the failure reason and attempts the dead-letter middleware recorded, when it
 * died (the broker's timestamp of the dead letter), its key, up to {@value #MOST_ENTRIES} other context entries
 * (values cut at {@value #MOST_VALUE} characters; the reason and the values with passwords in URIs masked), and a
 * preview of at most {@value #PREVIEW_BYTES} bytes of its
 * body: text when those bytes are UTF-8, else hex.
 */
final class DeadLetterView {
    static final int PREVIEW_BYTES = 1_024;
    static final int MOST_ENTRIES = 50;
    static final int MOST_VALUE = 500;
    /** Where the middleware's own entries are shown, so they are not repeated among the others. */
    private static final String OWN_PREFIX = "GoChannelDeadLetter";

    private DeadLetterView() {}

    static ObjectNode of(Event deadLetter) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode view = json.objectNode();
        Map<String, String> context = deadLetter.context();
        if (deadLetter instanceof ReceivedEvent received) {
            view.put("id", received.id());
            view.put(
                    "diedAt",
                    received.timestamp() == null ? null : received.timestamp().toString());
        } else {
            view.putNull("id");
            view.putNull("diedAt");
        }
        view.put("topic", cut(context.get(DeadLetter.TOPIC)));
        // A failure's text may name a URI with its password: masked as the app's logs are. Bodies are shown as they
        // are.
        view.put("reason", masked(context.get(DeadLetter.REASON)));
        view.put("attempts", cut(context.get(DeadLetter.ATTEMPTS)));
        view.put("eventId", cut(context.get(DeadLetter.EVENT_ID)));
        view.put("key", cut(deadLetter.key()));
        ObjectNode others = view.putObject("context");
        int shown = 0;
        for (Map.Entry<String, String> entry : context.entrySet()) {
            if (entry.getKey().startsWith(OWN_PREFIX)) {
                continue;
            }
            if (shown++ == MOST_ENTRIES) {
                view.put("contextCut", true);
                break;
            }
            others.put(cut(entry.getKey()), masked(entry.getValue()));
        }
        byte[] body = deadLetter.body();
        view.put("bodyBytes", body.length);
        int previewed = Math.min(body.length, PREVIEW_BYTES);
        String text = utf8(body, previewed);
        if (text != null) {
            view.put("body", text);
            view.put("bodyEncoding", "text");
        } else {
            view.put("body", HexFormat.of().formatHex(body, 0, previewed));
            view.put("bodyEncoding", "hex");
        }
        view.put("bodyCut", previewed < body.length);
        return view;
    }

    /**
     * The first {@code length} bytes as text if they are UTF-8, or {@code null}. A cut may split the last character:
     * up to three trailing bytes are left out of the preview then.
     */
    private static String utf8(byte[] body, int length) {
        int tolerated = length < body.length ? 3 : 0;
        for (int dropped = 0; dropped <= tolerated && dropped <= length; dropped++) {
            try {
                return StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(body, 0, length - dropped))
                        .toString();
            } catch (CharacterCodingException notUtf8) {
                // try one byte shorter: the cut may have split a character
            }
        }
        return null;
    }

    private static String masked(String value) {
        return value == null ? null : cut(ProviderUri.maskFreeText(value));
    }

    private static String cut(String value) {
        if (value == null || value.length() <= MOST_VALUE) {
            return value;
        }
        return value.substring(0, MOST_VALUE) + "...";
    }
}
