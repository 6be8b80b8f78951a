package io.gochannel.app;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.camel.Message;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

/**
 * The body of a form-encoded request ({@code curl -d} sends {@code application/x-www-form-urlencoded}
 * unless told otherwise). Vert.x parses such a body into form fields and Camel passes on only the
 * fields, so the body is rebuilt from them: a body that is one field without a value (JSON sent with
 * plain {@code curl -d}) comes back as it was, apart from {@code +} and {@code %xx}, which a form
 * decodes. Send another content type to have the body byte for byte.
 */
final class FormBody {
    private FormBody() {}

    static boolean isForm(String contentType) {
        return contentType != null
                && contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded");
    }

    /** The rebuilt body, or {@code null} if the message is not an HTTP request of the Vert.x server. */
    static byte[] rebuild(Message message) {
        if (!(message instanceof HttpMessage http)) {
            return null;
        }
        HttpServerRequest request = http.getRequest();
        MultiMap fields = request.formAttributes();
        if (fields.size() == 1 && fields.entries().get(0).getValue().isEmpty()) {
            return fields.entries().get(0).getKey().getBytes(StandardCharsets.UTF_8);
        }
        StringBuilder body = new StringBuilder();
        for (Map.Entry<String, String> field : fields.entries()) {
            if (body.length() > 0) {
                body.append('&');
            }
            body.append(URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8))
                    .append('=')
                    .append(URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8));
        }
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }
}
