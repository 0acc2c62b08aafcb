package org.deepseaguard.hub.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * Turns an {@link ApiResponse} or a {@link Problem} into the HTTP answer: status code, content
 * type, JSON body (or the text of a text response, or the bytes of a binary one), the answer's own
 * headers (e.g. {@code ETag}). Request headers (query and path parameters
 * among them) are dropped so they are not echoed back as response headers.
 */
@Component
public class ApiResponseWriter implements Processor {

    private final ObjectMapper json;

    public ApiResponseWriter(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Message message = exchange.getMessage();
        Object body = message.getBody();
        int status;
        String contentType;
        Object payload;
        boolean text = false;
        Map<String, String> headers = Map.of();
        if (body instanceof Problem problem) {
            status = problem.status();
            contentType = Problem.MEDIA_TYPE;
            payload = problem;
        } else if (body instanceof ApiResponse response) {
            status = response.status();
            text = response.contentType() != null;
            contentType = text ? response.contentType() : "application/json";
            payload = response.body();
            headers = response.headers();
        } else {
            throw new IllegalStateException("an API bean answered " + (body == null ? "nothing" : body.getClass()));
        }
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        headers.forEach(message::setHeader);
        if (payload == null) {
            message.setBody(null);
        } else {
            message.setHeader(Exchange.CONTENT_TYPE, contentType);
            message.setBody(payload instanceof byte[] bytes ? bytes
                    : text ? payload.toString().getBytes(StandardCharsets.UTF_8) : json.writeValueAsBytes(payload));
        }
    }
}
