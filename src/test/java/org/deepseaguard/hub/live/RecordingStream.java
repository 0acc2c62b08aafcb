package org.deepseaguard.hub.live;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.deepseaguard.hub.SseStream.Event;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * A stream of a {@link LiveFeed} without HTTP, for tests: an emitter that keeps every event it is
 * sent ({@code event:} name and {@code data:} text, in order; heartbeats left out), as the HTTP
 * client {@link org.deepseaguard.hub.SseStream} keeps them.
 */
public final class RecordingStream extends SseEmitter {

    private final List<Event> events = new CopyOnWriteArrayList<>();

    private RecordingStream() {
    }

    /** Opens a stream on the feed; its first event is {@code hello}. */
    public static RecordingStream open(LiveFeed feed) {
        RecordingStream stream = new RecordingStream();
        feed.subscribe(stream);
        return stream;
    }

    @Override
    public void send(SseEventBuilder event) {
        String text = event.build().stream().map(d -> String.valueOf(d.getData())).collect(Collectors.joining());
        String name = null;
        StringBuilder data = new StringBuilder();
        for (String line : text.split("\n")) {
            if (line.startsWith("event:")) {
                name = line.substring("event:".length());
            } else if (line.startsWith("data:")) {
                data.append(line.substring("data:".length()));
            }
        }
        if (name != null) {
            events.add(new Event(name, data.toString()));
        }
    }

    /** Every event so far, in order. */
    public List<Event> events() {
        return List.copyOf(events);
    }

    /** The events named {@code name}, in order. */
    public List<Event> events(String name) {
        return events.stream().filter(e -> e.name().equals(name)).toList();
    }

    /** The JSON of the events named {@code name} whose {@code auv_id} (at {@code pointer}) is {@code auvId}, in order. */
    public List<JsonNode> json(String name, String auvId, String pointer) {
        return events(name).stream().map(Event::json).filter(j -> auvId.equals(j.at(pointer).asText())).toList();
    }
}
