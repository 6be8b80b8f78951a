package io.gochannel.spring.boot;

import io.gochannel.support.ProviderUri;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;

/**
 * Masks the passwords and secret parameters of provider URIs in actuator's {@code /env} and {@code /configprops}
 * when they show values ({@code management.endpoint.env.show-values}): Boot 3.5 shows such values as they are unless
 * a {@code SanitizingFunction} changes them. Applies to every value that holds a {@code scheme://user:password@} URI
 * or a secret parameter, whatever its key: the rest of the value stays readable. Other secrets (a plain
 * {@code spring.datasource.password}) are the application's to mask, with
 * {@code SanitizingFunction.sanitizeValue().ifLikelySensitive()} for instance.
 */
final class ProviderUriSanitizer implements SanitizingFunction {
    /**
     * A provider URI masked as gochannel masks it (which also masks what its parameters hold percent-encoded, a
     * camel: provider's brokerURL=tcp%3A%2F%2Fuser%3Apass%40host), or the text as it is when it is no URI.
     */
    private static String parsedAndMasked(String text) {
        if (!text.contains(":") || text.length() > 4096 || text.indexOf('\n') >= 0) {
            return text;
        }
        try {
            return ProviderUri.parse(text).masked();
        } catch (RuntimeException notAUri) {
            return text;
        }
    }

    @Override
    public SanitizableData apply(SanitizableData data) {
        if (!(data.getValue() instanceof CharSequence value)) {
            return data;
        }
        String text = value.toString();
        String masked = ProviderUri.maskFreeText(parsedAndMasked(text));
        return masked.equals(text) ? data : data.withValue(masked);
    }
}
