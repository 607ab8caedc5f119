package dev.gatehouse.token;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The same store on H2 (the embedded default, our migrations): no data-modifying CTEs there, the statement-by-statement path. */
class JdbcRefreshTokenStoreH2Test {

    static AgroalDataSource ds;
    static JdbcRefreshTokenStore store;

    @BeforeAll
    static void h2() throws Exception {
        ds = AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier().connectionPoolConfiguration(cp -> cp.maxSize(4)
                .connectionFactoryConfiguration(cf -> cf.jdbcUrl("jdbc:h2:mem:rts" + UUID.randomUUID()
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1"))));
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        store = new JdbcRefreshTokenStore(ds);
    }

    @AfterAll
    static void close() {
        ds.close();
    }

    private static UUID family(Instant now, boolean revoked) throws Exception {
        UUID id = UUID.randomUUID();
        try (Connection c = ds.getConnection(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO refresh_family (id, account_id, kind, scope, amr, created_at, last_used_at, absolute_expires_at, revoked_at)"
                        + " VALUES (?, ?, 'TOKEN', 'openid', 'pwd', ?, ?, ?, ?)")) {
            s.setObject(1, id);
            s.setObject(2, UUID.randomUUID());
            s.setObject(3, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            s.setObject(4, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            s.setObject(5, OffsetDateTime.ofInstant(now.plusSeconds(86400), ZoneOffset.UTC));
            s.setObject(6, revoked ? OffsetDateTime.ofInstant(now, ZoneOffset.UTC) : null);
            s.executeUpdate();
        }
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO refresh_token (token_hash, family_id, generation, created_at, access_jti, access_expires_at)"
                    + " VALUES ('t-" + id + "', '" + id + "', 0, CURRENT_TIMESTAMP, 'j', CURRENT_TIMESTAMP)");
        }
        return id;
    }

    @Test
    void refreshWhenFamilyRevokedOnH2ThenFamilyEndedAndNothingWritten() throws Exception {
        Instant now = Instant.now();
        UUID f = family(now.minusSeconds(10), true);
        RefreshTokenStore.Attempt a = store.refresh("t-" + f, now, now.minusSeconds(3600),
                new RefreshTokenStore.Next("t2-" + f, "j2", now.plusSeconds(900)), x -> "sealed").orElseThrow();
        assertEquals(RefreshTokenStore.Rotation.FAMILY_ENDED, a.rotation());
        assertNotNull(a.found().revokedAt());
        assertNull(store.find("t-" + f).orElseThrow().usedAt());
        assertEquals(true, store.find("t2-" + f).isEmpty());
    }

    @Test
    void refreshWhenUsedTwiceOnH2ThenWonThenLostAndAGoneAccountReadsAsNull() throws Exception {
        Instant now = Instant.now();
        UUID f = family(now.minusSeconds(10), false);
        AtomicInteger signed = new AtomicInteger();
        RefreshTokenStore.Attempt first = store.refresh("t-" + f, now, now.minusSeconds(3600),
                new RefreshTokenStore.Next("t2-" + f, "j2", now.plusSeconds(900)), a -> a.rotation() == RefreshTokenStore.Rotation.WON ? "sealed-" + signed.incrementAndGet() : null).orElseThrow();
        assertEquals(RefreshTokenStore.Rotation.WON, first.rotation());
        assertEquals(f, first.found().familyId());
        assertNull(first.found().accountActive());
        assertNull(first.found().usedAt());
        RefreshTokenStore.Attempt second = store.refresh("t-" + f, now, now.minusSeconds(3600),
                new RefreshTokenStore.Next("t3-" + f, "j3", now.plusSeconds(900)), a -> a.rotation() == RefreshTokenStore.Rotation.WON ? "sealed-" + signed.incrementAndGet() : null).orElseThrow();
        assertEquals(RefreshTokenStore.Rotation.LOST, second.rotation());
        assertNotNull(second.found().usedAt());
        assertEquals(now.getEpochSecond(), second.found().lastUsedAt().getEpochSecond(), "the winner touched the family");
        assertEquals(1, signed.get());
        assertEquals(1, store.find("t2-" + f).orElseThrow().generation());
        assertNull(store.find("t2-" + f).orElseThrow().usedAt());
        assertEquals(true, store.find("t3-" + f).isEmpty());
    }

    @Test
    void refreshWhenDecideRefusesOnH2ThenNothingWritten() throws Exception {
        Instant now = Instant.now();
        UUID f = family(now.minusSeconds(10), false);
        assertEquals(RefreshTokenStore.Rotation.WON, store.refresh("t-" + f, now, now.minusSeconds(3600),
                new RefreshTokenStore.Next("t2-" + f, "j2", now.plusSeconds(900)), a -> null).orElseThrow().rotation());
        assertNull(store.find("t-" + f).orElseThrow().usedAt());
        assertEquals(true, store.find("t2-" + f).isEmpty());
        assertEquals(true, store.refresh("nothing", now, now.minusSeconds(3600),
                new RefreshTokenStore.Next("t4-" + f, "j4", now.plusSeconds(900)), a -> "x").isEmpty());
    }
}
