package org.deepseaguard.hub.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Everything configurable under {@code deepseaguard.*} (see docs/configuration.md).
 *
 * @param dataDir   folder of the embedded H2 database
 * @param routesDir folder of integrator YAML routes ({@code *.camel.yaml}), loaded at startup and
 *                  reloaded on change (docs/yaml-routes.md)
 * @param routesReloadInterval how often the routes folder is looked at for changes; zero: only at startup
 * @param darkAfter when set, a vehicle from which no fix has arrived for this long is shown as {@code dark}
 *                  even without a telemetry-gap rule (absent by default: {@code dark} comes from the
 *                  {@code telemetry_gap} rules that apply to the vehicle)
 */
@ConfigurationProperties("deepseaguard")
public record DeepSeaGuardProperties(
        @DefaultValue("./data") Path dataDir,
        @DefaultValue("./routes") Path routesDir,
        @DefaultValue("PT2S") Duration routesReloadInterval,
        Duration darkAfter,
        @DefaultValue Demo demo,
        @DefaultValue Simulator simulator,
        @DefaultValue Http http,
        @DefaultValue Telemetry telemetry,
        @DefaultValue Warnings warnings,
        @DefaultValue Outputs outputs,
        @DefaultValue Alerts alerts,
        @DefaultValue Watchdog watchdog,
        @DefaultValue Security security,
        @DefaultValue Management management,
        @DefaultValue Provisioning provisioning) {

    /**
     * Rules and zones as files (docs/provisioning.md): applied at start and whenever a file changes,
     * through the same service methods as the API (validated, versioned, audited). Off unless a folder
     * is given.
     *
     * @param rules        folder of rule files ({@code *.yaml}, {@code *.yml}: one rule or a list, the
     *                     fields of {@code POST /api/v1/rules}); absent: no rule files
     * @param zones        folder of zone files ({@code *.geojson}, {@code *.json}: a Feature or
     *                     FeatureCollection as for {@code POST /api/v1/zones}); absent: no zone files
     * @param pollInterval how often both folders are read again for changed files
     */
    public record Provisioning(Path rules, Path zones, @DefaultValue("PT5S") Duration pollInterval) {

        /** True when either folder is given. */
        public boolean enabled() {
            return rules != null || zones != null;
        }
    }

    /** @param enabled load the ISA zones, demo rules and vehicles at startup (idempotent) */
    public record Demo(@DefaultValue("false") boolean enabled) {
    }

    /**
     * The simulated fleet (demo and load generator).
     *
     * @param enabled   run it
     * @param fleetSize number of vehicles; the first twelve are the scripted demo fleet
     * @param interval  time between two rounds of fixes (every vehicle reports once per round)
     * @param url       when set, fixes are POSTed there (as NDJSON, one request per round) instead
     *                  of being sent to {@code direct:telemetry-ingest}
     * @param maxFixes  stop after this many fixes in total (0 = no limit)
     * @param duration  stop after this long (absent = no limit)
     * @param apiKey    X-API-Key sent with {@code url}
     */
    public record Simulator(@DefaultValue("false") boolean enabled,
                            @DefaultValue("12") int fleetSize,
                            @DefaultValue("PT2S") Duration interval,
                            URI url,
                            @DefaultValue("0") long maxFixes,
                            Duration duration,
                            String apiKey) {
    }

    /**
     * @param maxBodyBytes larger request bodies get 413
     * @param cors         cross-origin access to {@code /api/**}; closed (no CORS header at all) by default
     */
    public record Http(@DefaultValue("16MB") DataSize maxBodyBytes, @DefaultValue Cors cors) {
    }

    /**
     * @param allowedOrigins origins (e.g. {@code https://ops.example.org}) whose pages may call
     *                       {@code /api/**} with {@code X-API-Key} and {@code Content-Type}; empty: none
     */
    public record Cors(@DefaultValue List<String> allowedOrigins) {
    }

    /** The management surface under {@code /actuator} (docs/configuration.md, "Secure settings for stack"). */
    public record Management(@DefaultValue Jolokia jolokia) {
    }

    /**
     * @param enabled expose {@code /actuator/jolokia} (JMX over HTTP, which Hawtio's views need);
     *                off by default, and admin-only when keys are configured
     */
    public record Jolokia(@DefaultValue("false") boolean enabled) {
    }

    /**
     * @param maxFuture           fixes stamped further than this in the future are refused
     * @param maxFixesPerRequest  a telemetry request with more fixes gets 413
     * @param retention           how long the fix log keeps fixes (event time); an older fix is
     *                            refused, since the log can no longer tell whether it was seen
     */
    public record Telemetry(@DefaultValue("PT30S") Duration maxFuture,
                            @DefaultValue("10000") int maxFixesPerRequest,
                            @DefaultValue("P90D") Duration retention) {
    }

    /** Warning digests: a tumbling window, completed early when it holds {@code batchSize} warnings. */
    public record Warnings(@DefaultValue("PT5M") Duration window, @DefaultValue("100") int batchSize) {
    }

    /** Output endpoint URIs (docs/INTERNAL-CONTRACT.md); the stack profile points them at brokers. */
    public record Outputs(@DefaultValue("seda:geofencing_events") String geofencingEvents,
                          @DefaultValue("seda:compliance_violations") String complianceViolations,
                          @DefaultValue("seda:critical_alerts") String criticalAlerts,
                          @DefaultValue("seda:warning_alerts") String warningAlerts,
                          @DefaultValue("seda:alert_notifications") String alertNotifications) {
    }

    /**
     * Alert subscriptions and their delivery (docs/alerts.md).
     *
     * @param webhooks              legacy: URLs every critical alert and warning digest is POSTed to
     *                              (JSON); each becomes two subscriptions at start ({@code config-webhook-<n>},
     *                              immediate, and {@code config-webhook-<n>-digest})
     * @param email                 legacy: email of every critical alert and warning digest to {@code to}
     *                              (SMTP server: {@code spring.mail.*}); each address becomes two subscriptions
     * @param subscriptionsFile     a YAML (or JSON) list of subscriptions read at start (optional)
     * @param secretKey             base64 of 32 bytes: the AES-GCM key subscription secrets are stored
     *                              encrypted with; without it (default profile) a key is generated and kept
     *                              in {@code <data-dir>/alert-secret.key}
     * @param requireSecretKey      refuse to start without {@code secret-key} (profile {@code stack})
     * @param webhookAllowList      globs ({@code *}, {@code ?}) a webhook target URL must match, e.g.
     *                              {@code https://ops.example/*}
     * @param allowLoopbackWebhooks also allow http(s) targets on a loopback host (127.0.0.1, ::1,
     *                              localhost) without an allow-list entry (default profile; off in {@code stack})
     * @param delivery              the delivery worker
     * @param escalation            critical alerts nobody acknowledged
     * @param flapping              the minimum interval between alerts per vehicle, rule and zone
     */
    public record Alerts(@DefaultValue List<URI> webhooks, @DefaultValue Email email,
                         Path subscriptionsFile,
                         String secretKey,
                         @DefaultValue("false") boolean requireSecretKey,
                         @DefaultValue List<String> webhookAllowList,
                         @DefaultValue("true") boolean allowLoopbackWebhooks,
                         @DefaultValue Delivery delivery,
                         @DefaultValue Escalation escalation,
                         @DefaultValue Flapping flapping) {
    }

    /**
     * Alerts of a vehicle crossing a boundary again and again (docs/alerts.md, "Flapping").
     *
     * @param minInterval the least time, in event time, between two alerts for the same vehicle, rule
     *                    and zone: an episode opening sooner after the last alert is held back (opening
     *                    and closing) and counted in the next warning digest; {@code PT0S} (the
     *                    default) alerts every episode
     */
    public record Flapping(@DefaultValue("PT0S") Duration minInterval) {
    }

    /**
     * Escalation of critical alerts nobody acknowledged (docs/alerts.md, "Escalation").
     *
     * @param delay         how long after a subscription's critical "opened" alert was written an
     *                      unacknowledged violation goes to the subscription's {@code escalation_target}
     * @param checkInterval how often the hub looks for such violations
     * @param batchSize     the most escalations written per look
     */
    public record Escalation(@DefaultValue("PT15M") Duration delay,
                             @DefaultValue("PT30S") Duration checkInterval,
                             @DefaultValue("100") int batchSize) {
    }

    /**
     * The alert delivery worker (docs/messaging.md, "Alert outbox"): polls due deliveries, sends,
     * retries with exponential back-off, then gives up and parks the delivery in the dead letters.
     *
     * @param pollInterval     how often due deliveries are looked for
     * @param batchSize        the most deliveries claimed per poll
     * @param firstRetryDelay  the wait after the first failed attempt
     * @param backoffMultiplier each further wait is the previous one times this
     * @param maxRetryDelay    the longest wait between two attempts
     * @param maxAttempts      attempts before the delivery is failed and parked
     * @param claimTimeout     a claim older than this (its instance died mid-attempt) may be taken over
     * @param connectTimeout   webhook: connecting
     * @param readTimeout      webhook: waiting for the answer
     */
    public record Delivery(@DefaultValue("PT1S") Duration pollInterval,
                           @DefaultValue("20") int batchSize,
                           @DefaultValue("PT1S") Duration firstRetryDelay,
                           @DefaultValue("2.0") double backoffMultiplier,
                           @DefaultValue("PT5M") Duration maxRetryDelay,
                           @DefaultValue("10") int maxAttempts,
                           @DefaultValue("PT2M") Duration claimTimeout,
                           @DefaultValue("PT5S") Duration connectTimeout,
                           @DefaultValue("PT10S") Duration readTimeout) {
    }

    /**
     * Alert email (docs/messaging.md, "Email"). The SMTP server is not configured here but in
     * {@code spring.mail.host}, {@code port}, {@code username}, {@code password}.
     *
     * @param enabled       email every critical alert (opened and closed) and every warning digest
     * @param from          sender address
     * @param to            recipients; at least one when enabled
     * @param subjectPrefix put in front of every subject
     */
    public record Email(@DefaultValue("false") boolean enabled,
                        @DefaultValue("deepseaguard@localhost") String from,
                        @DefaultValue List<String> to,
                        @DefaultValue("[DeepSeaGuard]") String subjectPrefix) {
    }

    /** @param interval how often the telemetry-gap watchdog looks at every known vehicle */
    public record Watchdog(@DefaultValue("PT10S") Duration interval) {
    }

    /**
     * @param apiKeys         {@code <sha256 hex of the key>:<role>[:<name>]}; authentication is on when any is given
     * @param requireApiKeys  refuse to start without keys (profile {@code stack})
     * @param scopes          by key name: the vehicles that key may send fixes for, comma-separated
     *                        {@code auv_id} globs ({@code *}, {@code ?}) or {@code operator:<operator>}
     *                        entries; a key without a scope is unrestricted
     */
    public record Security(@DefaultValue List<String> apiKeys, @DefaultValue("false") boolean requireApiKeys,
                           @DefaultValue Map<String, String> scopes) {
    }
}
