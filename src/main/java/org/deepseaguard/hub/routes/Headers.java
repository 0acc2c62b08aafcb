package org.deepseaguard.hub.routes;

/** Names of the message headers the hub sets (DESIGN section 6). */
public final class Headers {

    public static final String AUV_ID = "auv_id";
    public static final String EVENT_TYPE = "event_type";
    public static final String SEVERITY = "severity";
    /** Where a fix came from: http, amqp, mqtt, kafka, simulator, replay, watchdog. */
    public static final String SOURCE = "deepseaguard_source";

    private Headers() {
    }
}
