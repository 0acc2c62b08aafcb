package org.deepseaguard.hub.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.deepseaguard.hub.store.AuditLogRepository.Row;
import org.junit.jupiter.api.Test;

/**
 * The entry hash of docs/audit.md, against vectors computed outside Java ({@code printf '%s' ... |
 * sha256sum}), and what {@link AuditLog#check} says of a row that does not fit its chain.
 */
class AuditHashTest {

    static final String PAYLOAD = "{\"violation_id\":\"v-1\"}";
    static final String PAYLOAD_SHA = "3b55746e528570566cdddd0981760cce6f42ba01cf8c43c2debbcaea1fa22434";
    static final String ENTRY_1 = "fc3eacbe5ba2993fad6bcb05684517bbdccc8cb21a4e4929e5c269a9b6c8be18";
    static final String ENTRY_2 = "e9d3d184afdc7e1b6c48118dc6602f61b7392105446b3e742356a33a84335877";

    @Test
    void knownVectors() {
        assertThat(AuditHash.payload(PAYLOAD)).isEqualTo(PAYLOAD_SHA);
        Instant t1 = Instant.parse("2026-11-27T08:00:00Z");
        assertThat(AuditHash.canonical(1, t1, "hub", "hub", "violation_opened", PAYLOAD_SHA, AuditHash.GENESIS))
                .isEqualTo("1|2026-11-27T08:00:00.000000Z|hub|hub|violation_opened|" + PAYLOAD_SHA + "|" + "0".repeat(64));
        assertThat(AuditHash.entry(1, t1, "hub", "hub", "violation_opened", PAYLOAD_SHA, AuditHash.GENESIS))
                .isEqualTo(ENTRY_1);
        // six fraction digits always; nanoseconds beyond the microsecond are not part of it
        Instant t2 = Instant.parse("2026-11-27T08:00:00.123456789Z");
        assertThat(AuditHash.entry(2, t2, "ops-lead", "admin", "zone_created", PAYLOAD_SHA, ENTRY_1)).isEqualTo(ENTRY_2);
    }

    @Test
    void checkNamesWhatDoesNotFit() {
        Instant t1 = Instant.parse("2026-11-27T08:00:00Z");
        Row good = new Row(1, t1, "hub", "hub", "violation_opened", PAYLOAD, PAYLOAD_SHA, AuditHash.GENESIS, ENTRY_1);
        assertThat(AuditLog.check(good, AuditHash.GENESIS)).isNull();
        assertThat(AuditLog.check(new Row(1, t1, "hub", "hub", "violation_opened", PAYLOAD.replace('1', '2'),
                PAYLOAD_SHA, AuditHash.GENESIS, ENTRY_1), AuditHash.GENESIS)).isEqualTo("payload hash does not match");
        assertThat(AuditLog.check(new Row(1, t1, "system", "hub", "violation_opened", PAYLOAD, PAYLOAD_SHA,
                AuditHash.GENESIS, ENTRY_1), AuditHash.GENESIS)).isEqualTo("entry hash does not match");
        assertThat(AuditLog.check(new Row(2, t1, "hub", "hub", "violation_opened", PAYLOAD, PAYLOAD_SHA,
                AuditHash.GENESIS, ENTRY_1), ENTRY_1)).isEqualTo("previous hash does not match entry 1");
    }
}
