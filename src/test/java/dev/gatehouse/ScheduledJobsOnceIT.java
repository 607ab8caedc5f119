package dev.gatehouse;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15: a scheduled job that must happen once across instances does. Three packaged instances
 * on one database of their own rotate signing keys every 6 s, each running the rotation job every
 * second: exactly one successor is made per rotation (the decision is taken under a row lock),
 * never one per instance.
 */
class ScheduledJobsOnceIT {

    private static final Duration PERIOD = Duration.ofSeconds(6);

    @Test
    void keyRotationJobWhenRunByThreeInstancesThenOneKeyPerRotation() throws Exception {
        List<GatehouseProcess> instances = new ArrayList<>();
        try (FreshDatabase database = FreshDatabase.create()) {
            try {
                Map<String, String> env = Map.of(
                        "QUARKUS_DATASOURCE_JDBC_URL", database.jdbcUrl(),
                        "GATEHOUSE_KEYS_ROTATION_PERIOD", "PT6S",
                        "GATEHOUSE_KEYS_PUBLISH_LEAD", "PT3S",
                        "GATEHOUSE_KEYS_RELOAD_INTERVAL", "1s",
                        "GATEHOUSE_KEYS_JWKS_MAX_AGE", "PT1S");
                instances.add(GatehouseProcess.start("jobs-once-a", FreePort.next(), "redis://127.0.0.1:6379", env));
                instances.add(GatehouseProcess.start("jobs-once-b", FreePort.next(), "redis://127.0.0.1:6379", env));
                instances.add(GatehouseProcess.start("jobs-once-c", FreePort.next(), "redis://127.0.0.1:6379", env));
                // Three rotations after the first key, with all three instances deciding every second.
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                        .until(() -> activations(database).size() >= 4);
            } finally {
                instances.forEach(GatehouseProcess::close);
            }
            List<Instant> at = activations(database);
            for (int i = 1; i < at.size(); i++) {
                Duration gap = Duration.between(at.get(i - 1), at.get(i));
                // One key per rotation: successors a rotation period apart (a duplicate would be a moment apart).
                assertTrue(gap.compareTo(PERIOD.minusSeconds(1)) >= 0, "keys " + (i - 1) + " and " + i + " activate " + gap + " apart: " + at);
            }
        }
    }

    private static List<Instant> activations(FreshDatabase database) throws Exception {
        List<Instant> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(database.jdbcUrl(), "postgres", "");
             Statement s = c.createStatement()) {
            if (!s.executeQuery("SELECT 1 FROM information_schema.tables WHERE table_name = 'signing_key'").next()) {
                return out;
            }
            try (ResultSet r = s.executeQuery("SELECT activate_at FROM signing_key ORDER BY activate_at")) {
                while (r.next()) {
                    out.add(r.getTimestamp(1).toInstant());
                }
            }
        }
        return out;
    }
}
