package org.deepseaguard.hub.live;

import io.micrometer.core.instrument.Counter;
import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * One open stream: a bounded queue of events and at most one sender task writing them. An event
 * offered to a full queue is dropped and counted; the client is told how many it missed
 * ({@code dropped}) before its next event. A heartbeat ({@link LiveEvent#name()} null) is written as an
 * SSE comment. Thread-safe: any thread offers, one sender at a time writes.
 */
final class LiveClient {

    private final SseEmitter emitter;
    private final BlockingQueue<LiveEvent> queue;
    private final Counter droppedCounter;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicBoolean sending = new AtomicBoolean();
    private volatile boolean closed;
    private long reported; // sender only

    LiveClient(SseEmitter emitter, int capacity, Counter droppedCounter) {
        this.emitter = emitter;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.droppedCounter = droppedCounter;
    }

    void offer(LiveEvent event) {
        if (closed) {
            return;
        }
        if (!queue.offer(event) && event.name() != null) {
            dropped.incrementAndGet();
            droppedCounter.increment();
        }
    }

    /** Starts a sender when events wait and none is running. */
    void schedule(Executor senders) {
        if (closed || queue.isEmpty() || !sending.compareAndSet(false, true)) {
            return;
        }
        try {
            senders.execute(this::send);
        } catch (RejectedExecutionException e) {
            sending.set(false); // shutting down
        }
    }

    private void send() {
        do {
            try {
                LiveEvent event;
                while (!closed && (event = queue.poll()) != null) {
                    long missed = dropped.get();
                    if (missed != reported) {
                        reported = missed;
                        emitter.send(SseEmitter.event().name("dropped").data("{\"dropped\":" + missed + "}"));
                    }
                    if (event.name() == null) {
                        emitter.send(SseEmitter.event().comment(event.data()));
                    } else {
                        emitter.send(SseEmitter.event().name(event.name()).data(event.data()));
                    }
                }
            } catch (IOException | RuntimeException e) {
                close(); // the client went away: the feed forgets it at the next event or heartbeat
                try {
                    emitter.completeWithError(e);
                } catch (RuntimeException ignored) {
                    // already completed
                }
            } finally {
                sending.set(false);
            }
            // an event offered after the last poll, while this sender was still marked running
        } while (!closed && !queue.isEmpty() && sending.compareAndSet(false, true));
    }

    boolean closed() {
        return closed;
    }

    void close() {
        closed = true;
        queue.clear();
    }

    void complete() {
        close();
        try {
            emitter.complete();
        } catch (RuntimeException e) {
            // the response is gone already (the server stopped first)
        }
    }
}
