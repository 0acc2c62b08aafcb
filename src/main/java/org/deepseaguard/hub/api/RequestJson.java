package org.deepseaguard.hub.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import org.springframework.stereotype.Component;

/** Parses request bodies with the hub's strict input reader; anything unreadable is a {@link MalformedBodyException}. */
@Component
public class RequestJson {

    private final ObjectReader reader;

    public RequestJson(ObjectReader inputReader) {
        this.reader = inputReader;
    }

    /** @throws MalformedBodyException when the body is empty or not one JSON value */
    public JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw new MalformedBodyException("the request body is empty");
        }
        try {
            JsonNode node = reader.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new MalformedBodyException("the request body is empty");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new MalformedBodyException("malformed JSON: " + describe(e));
        } catch (IOException e) {
            throw new MalformedBodyException("unreadable body: " + e.getMessage());
        }
    }

    /** Parses, expecting a JSON object. */
    public JsonNode parseObject(byte[] body) {
        JsonNode node = parse(body);
        if (!node.isObject()) {
            throw new MalformedBodyException("the body must be a JSON object");
        }
        return node;
    }

    private static String describe(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        if (e.getLocation() != null) {
            message += " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
        }
        return message;
    }
}
