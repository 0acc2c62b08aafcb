package org.deepseaguard.hub.live;

import java.util.List;

/**
 * Carries live events between the hub instances of a cluster, so that a stream on any instance
 * shows the whole fleet (docs/operations.md, "Scaling out"). The {@link LiveFeed} of an instance
 * hands it the events of each batch it judged ({@link #publish}) and attaches itself
 * ({@link #attach}) to be given the events the OTHER instances judged
 * ({@link LiveFeed#relayed}); an instance never gets its own events back. No relay (the default
 * outside cluster mode): a stream shows what its instance judged.
 *
 * <p>Implementations are thread-safe, and {@link #publish} never blocks and never throws: the
 * feed's dispatcher calls it.
 */
public interface LiveRelay {

    /**
     * Hands the events of one judged batch to the other instances, in order; returns at once.
     * Events that cannot be sent (the relay behind, its transport away) are dropped and counted,
     * never retried.
     */
    void publish(List<LiveEvent> events);

    /** The feed that gets the other instances' events; called once, by the feed itself. */
    void attach(LiveFeed feed);
}
