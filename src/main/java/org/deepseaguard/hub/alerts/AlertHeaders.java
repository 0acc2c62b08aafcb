package org.deepseaguard.hub.alerts;

import org.apache.camel.Message;
import org.deepseaguard.hub.routes.Headers;

/** The output headers of an alert message: {@code event_type}, {@code severity}, {@code auv_id} (not for a digest). */
final class AlertHeaders {

    private AlertHeaders() {
    }

    static void put(Alert alert, Message message) {
        message.setHeader(Headers.EVENT_TYPE, alert.eventType());
        message.setHeader(Headers.SEVERITY, alert.severity().wireName());
        if (alert.vehicle() != null) {
            message.setHeader(Headers.AUV_ID, alert.vehicle());
        }
    }
}
