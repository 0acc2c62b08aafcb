package org.deepseaguard.hub.deadletter;

/**
 * Headers stamped on a message when it is dead-lettered, as it appears on {@code deepseaguard.dlq}
 * (AMQP headers in profile {@code stack}).
 */
public final class DeadLetterHeaders {

    /** Why processing failed: the exception message (every field error for invalid input). */
    public static final String REASON = "deepseaguard_dlq_reason";
    /** Fully qualified class name of the exception. */
    public static final String EXCEPTION_CLASS = "deepseaguard_dlq_exception_class";
    /** Id of the route in which the exception was thrown. */
    public static final String ROUTE_ID = "deepseaguard_dlq_route_id";
    /** Where the message came from: {@code http|amqp|mqtt|kafka|simulator|replay}, or the consuming route id. */
    public static final String SOURCE = "deepseaguard_dlq_source";
    /** When it was dead-lettered, ISO-8601 UTC. */
    public static final String FAILED_AT = "deepseaguard_dlq_failed_at";
    /** Id of the row in table {@code dead_letters}. */
    public static final String ID = "deepseaguard_dlq_id";
    /**
     * {@code false} on a message published to the DLQ although its row could NOT be written (the
     * database was down): then the DLQ message is the only record. Absent when the row exists.
     */
    public static final String STORED = "deepseaguard_dlq_stored";
    /** With {@link #STORED} {@code false}: why the row could not be written. */
    public static final String STORE_ERROR = "deepseaguard_dlq_store_error";
    /**
     * Exchange PROPERTY (not header, so no publisher can set it) of a replay: the id of the dead
     * letter it replays. A failure of the replay then updates that row instead of adding one.
     */
    public static final String REPLAY_OF_PROPERTY = "deepseaguard.replayOf";
    /** Set on a replayed message, for downstream readers: the id of the dead letter it replays. */
    public static final String REPLAY_OF = "deepseaguard_replay_of";
    /**
     * Exchange PROPERTY (not header) a route may set to say where a replay of its dead letters must go;
     * without it, the direct/seda endpoint the exchange started from, else {@code direct:telemetry-ingest}.
     */
    public static final String REPLAY_ENDPOINT_PROPERTY = "deepseaguard.replayEndpoint";
    /** The source header every ingestion route sets (docs/INTERNAL-CONTRACT.md). */
    public static final String INGEST_SOURCE = org.deepseaguard.hub.routes.Headers.SOURCE;

    private DeadLetterHeaders() {
    }
}
