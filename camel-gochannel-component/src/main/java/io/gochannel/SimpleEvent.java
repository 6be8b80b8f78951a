package io.gochannel;

import java.util.Map;

/** The event the {@link Events} factories make. */
record SimpleEvent(Map<String, String> context, byte[] body, String key) implements Event {
    @Override
    public String toString() {
        return "Event[key=" + key + ", context=" + context + ", body=" + body.length + " bytes]";
    }
}
