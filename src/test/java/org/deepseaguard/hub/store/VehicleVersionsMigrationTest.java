package org.deepseaguard.hub.store;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/** Migration V53 on H2 in PostgreSQL mode, as the embedded profile runs it. */
class VehicleVersionsMigrationTest {

    @Test
    void registrationsStoredBeforeV53BecomeTheirVersion1() throws Exception {
        String url = "jdbc:h2:mem:v53-" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
        VehicleVersionsMigration.assertBackfill(new SimpleDriverDataSource(new org.h2.Driver(), url, "sa", ""));
    }
}
