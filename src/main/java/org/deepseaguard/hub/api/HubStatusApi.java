package org.deepseaguard.hub.api;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import java.util.Map;
import java.util.TreeMap;
import org.deepseaguard.hub.service.RuleService;
import org.deepseaguard.hub.service.StatusService;
import org.deepseaguard.hub.service.ZoneService;
import org.springframework.stereotype.Component;

/** {@code GET /api/v1/status}: what the hub holds and how many fixes it took, for a first look. */
@Component
public class HubStatusApi {

    /** The hub summary. */
    public record HubStatus(String status, int zones, int rules, int auvs, Map<String, Long> vehicles,
                            Map<String, Long> fixes) {
    }

    private final ZoneService zones;
    private final RuleService rules;
    private final StatusService statuses;
    private final MeterRegistry meters;

    public HubStatusApi(ZoneService zones, RuleService rules, StatusService statuses, MeterRegistry meters) {
        this.zones = zones;
        this.rules = rules;
        this.statuses = statuses;
        this.meters = meters;
    }

    public ApiResponse get() {
        var all = statuses.all();
        Map<String, Long> byStatus = new TreeMap<>();
        all.forEach(s -> byStatus.merge(s.status(), 1L, Long::sum));
        Map<String, Long> fixes = new TreeMap<>();
        Search.in(meters).name("deepseaguard.fixes").counters()
                .forEach(c -> fixes.put(c.getId().getTag("outcome"), (long) c.count()));
        return ApiResponse.ok(new HubStatus("up", zones.all().size(), rules.all().size(), all.size(), byStatus, fixes));
    }
}
