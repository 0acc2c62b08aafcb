package org.deepseaguard.hub.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Gives every integration-test application context its own, empty PostgreSQL database on the
 * machine's server (127.0.0.1:5432, trust), so Flyway runs from scratch and tests never see each
 * other's rows. Databases of contexts already closed are dropped when the next one is made; the last
 * one at JVM exit. Fails loudly when PostgreSQL does not answer.
 */
public class FreshPostgresDatabase implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    static final String USER = "postgres";
    private static final String PREFIX = "dsg_it_";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        String name = PREFIX + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection admin = DriverManager.getConnection(SERVER + "test", USER, "");
             Statement sql = admin.createStatement()) {
            dropUnused(admin);
            sql.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL on 127.0.0.1:5432 is needed by the integration tests "
                    + "(start it: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start)", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> drop(name)));
        TestPropertyValues.of(
                "spring.datasource.url=" + SERVER + name,
                "spring.datasource.username=" + USER,
                "spring.datasource.password=").applyTo(context);
    }

    /** Drops the test databases nobody is connected to any more (their contexts are closed). */
    private static void dropUnused(Connection admin) throws SQLException {
        List<String> unused = new ArrayList<>();
        try (Statement sql = admin.createStatement();
             ResultSet rs = sql.executeQuery("""
                     SELECT d.datname FROM pg_database d
                     WHERE d.datname LIKE 'dsg\\_it\\_%'
                       AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datname = d.datname)""")) {
            while (rs.next()) {
                unused.add(rs.getString(1));
            }
        }
        for (String name : unused) {
            try (Statement sql = admin.createStatement()) {
                sql.execute("DROP DATABASE IF EXISTS " + name);
            } catch (SQLException e) {
                // someone connected meanwhile: left for a later run
            }
        }
    }

    private static void drop(String name) {
        try (Connection admin = DriverManager.getConnection(SERVER + "test", USER, "");
             Statement sql = admin.createStatement()) {
            sql.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            // the JVM is exiting; the next run drops it
        }
    }
}
