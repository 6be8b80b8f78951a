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
    @Override
    public SanitizableData apply(SanitizableData data) {
        if (!(data.getValue() instanceof CharSequence value)) {
            return data;
        }
        String text = value.toString();
        String masked = ProviderUri.maskFreeText(text);
        return masked.equals(text) ? data : data.withValue(masked);
    }
}
