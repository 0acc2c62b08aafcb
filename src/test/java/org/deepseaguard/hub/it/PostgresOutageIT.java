package org.deepseaguard.hub.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL unavailable for 20 s, for one hub: a {@link FaultProxy} stands between the hub's
 * datasource and the machine's PostgreSQL (the cluster itself is never stopped); it drops every
 * open connection and refuses new ones for 20 s while a fleet sends over AMQP and a second fleet
 * over HTTP. HTTP batches sent during the outage get a 5xx problem and are accepted when sent
 * again after it; AMQP deliveries wait on the broker. In the end every fix is applied once, in
 * order, with exactly the episodes of an uninterrupted run ({@link FaultFleet#assertCountedEndState}).
 */
class PostgresOutageIT extends OutageTestSupport {

    @Test
    void everyFixIsAppliedOnceAcrossATwentySecondDatabaseOutage() throws Exception {
        createDatabase();
        FaultProxy proxy = closeAfter(new FaultProxy("127.0.0.1", 5432));
        startHub("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + database);
        FaultFleet.setUp(http());
        FaultFleet overAmqp = fleet("PG-A-", 4, 160);
        FaultFleet overHttp = fleet("PG-H-", 4, 160);

        // 160 beats of 250 ms: 5 s before the outage, 20 s of it, 15 s after
        HttpLog httpLog = sendAcross(proxy, 20, Duration.ofSeconds(20),
                List.of(new Lane(overAmqp, true, 0), new Lane(overHttp, false, 0)));

        awaitAllApplied(overAmqp.fixes() + overHttp.fixes());
        assertThat(proxy.dropped()).as("the outage dropped the hub's open connections").isPositive();
        assertThat(httpLog.noAnswer).as("no HTTP request hung without an answer").isEmpty();
        assertThat(httpLog.refusals).as("HTTP batches sent during the outage were refused").isNotEmpty()
                .allSatisfy(r -> assertThat(r).matches("5\\d\\d application/problem\\+json.*"));
        assertThat(httpLog.accepted).hasValue(160);
        try (var db = db()) {
            FaultFleet.assertCountedEndState(db, overAmqp, overHttp);
        }
    }
}
