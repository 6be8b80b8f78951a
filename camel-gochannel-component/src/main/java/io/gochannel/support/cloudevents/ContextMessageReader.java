package io.gochannel.support.cloudevents;

import io.cloudevents.SpecVersion;
import io.cloudevents.core.data.BytesCloudEventData;
import io.cloudevents.core.message.impl.BaseGenericBinaryMessageReaderImpl;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The CloudEvents SDK's binary-mode reader over a received event's context: the same base class the SDK's Kafka
 * and HTTP bindings extend, so attribute parsing and validation (mandatory attributes, {@code time},
 * {@code source}) are the SDK's.
 */
final class ContextMessageReader extends BaseGenericBinaryMessageReaderImpl<String, String> {
    private final CloudEventsBinding binding;
    private final Map<String, String> context;

    ContextMessageReader(SpecVersion version, CloudEventsBinding binding, Map<String, String> context, byte[] body) {
        super(version, body.length == 0 ? null : BytesCloudEventData.wrap(body));
        this.binding = binding;
        this.context = context;
    }

    @Override
    protected boolean isContentTypeHeader(String name) {
        return CloudEventsBinding.isContentType(name);
    }

    @Override
    protected boolean isCloudEventsHeader(String name) {
        return binding.attributeOf(name) != null;
    }

    @Override
    protected String toCloudEventsKey(String name) {
        return binding.attributeOf(name);
    }

    @Override
    protected void forEachHeader(BiConsumer<String, String> fn) {
        context.forEach(fn);
    }

    @Override
    protected String toCloudEventsValue(String value) {
        return value;
    }
}
