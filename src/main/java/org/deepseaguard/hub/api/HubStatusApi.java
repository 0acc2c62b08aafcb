package org.deepseaguard.hub.api;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.deepseaguard.hub.routes.IntegratorRoutes;
import org.deepseaguard.hub.service.AuditActor;
import org.deepseaguard.hub.service.PipelineMeters;
import org.deepseaguard.hub.service.ProvisioningService;
import org.deepseaguard.hub.service.RuleService;
import org.deepseaguard.hub.service.StatusService;
import org.deepseaguard.hub.service.ZoneService;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * {@code GET /api/v1/status}: what the hub holds and how many fixes it took, for a first look, the
 * live map's settings ({@link MapProperties}) and the integrators' routes folder: which file runs
 * which routes, and which files did not load (file, line, column, message: {@link IntegratorRoutes}).
 */
@Component
@EnableConfigurationProperties(MapProperties.class)
public class HubStatusApi {

    /**
     * The hub summary; {@code provisioning} is the rule and zone folders and the errors of the files
     * refused (null when provisioning is off; docs/provisioning.md).
     */
    public record HubStatus(String status, int zones, int rules, int auvs, Map<String, Long> vehicles,
                            Map<String, Long> fixes, MapSettings map, Caller caller, IntegratorRoutes.Folder routes,
                            ProvisioningService.Status provisioning) {
    }

    /**
     * Who asked: the key's name and role ({@code anonymous} for both without keys) and whether it may
     * acknowledge violations, so the live map offers the button only to those who may press it.
     */
    public record Caller(String name, String role, boolean mayAcknowledge) {
    }

    /** What the live map needs to know: {@code track_window_seconds} = deepseaguard.map.track-window. */
    public record MapSettings(long trackWindowSeconds) {
    }

    private final ZoneService zones;
    private final RuleService rules;
    private final StatusService statuses;
    private final PipelineMeters meters;
    private final MapSettings map;
    private final IntegratorRoutes integratorRoutes;
    private final ProvisioningService provisioning;

    public HubStatusApi(ZoneService zones, RuleService rules, StatusService statuses, PipelineMeters meters,
                        MapProperties map, IntegratorRoutes integratorRoutes, ProvisioningService provisioning) {
        this.integratorRoutes = integratorRoutes;
        this.provisioning = provisioning;
        this.zones = zones;
        this.rules = rules;
        this.statuses = statuses;
        this.meters = meters;
        this.map = new MapSettings(map.trackWindow().toSeconds());
    }

    public ApiResponse get(AuditActor caller) {
        var all = statuses.all();
        Map<String, Long> byStatus = new TreeMap<>();
        all.forEach(s -> byStatus.merge(s.status(), 1L, Long::sum));
        Map<String, Long> fixes = meters.fixesByOutcome();
        // the filter's rights decide (no key configured: everything is open)
        boolean mayAcknowledge = caller.equals(AuditActor.ANONYMOUS) || ApiKeyFilter.allowed(
                ApiKeyFilter.Role.valueOf(caller.role().toUpperCase(Locale.ROOT)), "POST", "/api/v1/violations/any/ack");
        return ApiResponse.ok(new HubStatus("up", zones.all().size(), rules.all().size(), all.size(), byStatus, fixes,
                map, new Caller(caller.name(), caller.role(), mayAcknowledge), integratorRoutes.folder(),
                provisioning.status()));
    }
}
