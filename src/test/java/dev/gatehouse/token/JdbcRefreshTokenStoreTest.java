package dev.gatehouse.token;

import dev.gatehouse.Api;
import dev.gatehouse.audit.AuditEventType;
import dev.gatehouse.audit.AuditLog;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JDBC refresh on PostgreSQL: one winner of parallel uses, which alone signs; an ended family
 * (also one revoked while the statement waits on its row) rotates nothing and writes nothing; the
 * refresh's audit record is written in a batch, off the request path.
 */
@QuarkusTest
class JdbcRefreshTokenStoreTest {

    @Inject
    RefreshTokenStore store;
    @Inject
    RefreshFixtures fixtures;
    @Inject
    RefreshTokenService refreshTokens;
    @Inject
    AuditLog audit;
    @Inject
    AgroalDataSource dataSource;

    private static String loginRefreshToken() {
        String email = Api.uniqueEmail();
        Api.register(email, Api.PASSWORD);
        return given().formParam("username", email).formParam("password", Api.PASSWORD)
                .post("/auth/login").then().statusCode(200).extract().path("refresh_token");
    }

    @Test
    void refreshWhenEightParallelUsesThenOneStatementWinsSignsOnceAndLosersSeeTheTokenAndAccount() throws Exception {
        String refresh = loginRefreshToken();
        String hash = RefreshTokenService.hash(refresh);
        RefreshTokenStore.Found before = store.find(hash).orElseThrow();
        assertEquals(Boolean.TRUE, before.accountActive());
        assertEquals("user", before.accountRoles());
        AtomicInteger signed = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<RefreshTokenStore.Attempt>> outcomes = new ArrayList<>();
        Instant now = Instant.now();
        for (int i = 0; i < 8; i++) {
            String successor = "successor-" + UUID.randomUUID();
            outcomes.add(pool.submit(() -> {
                start.await();
                return store.refresh(hash, now, now.minusSeconds(3600), new RefreshTokenStore.Next(successor, "jti-" + successor,
                        now.plusSeconds(900)), a -> a.rotation() == RefreshTokenStore.Rotation.WON ? "sealed-" + signed.incrementAndGet() : null).orElseThrow();
            }));
        }
        start.countDown();
        int won = 0;
        for (Future<RefreshTokenStore.Attempt> f : outcomes) {
            RefreshTokenStore.Attempt a = f.get();
            assertTrue(a.rotation() != RefreshTokenStore.Rotation.FAMILY_ENDED, a.rotation().toString());
            assertEquals(before.familyId(), a.found().familyId());
            assertEquals(before.accountId(), a.found().accountId());
            assertEquals(Boolean.TRUE, a.found().accountActive());
            won += a.rotation() == RefreshTokenStore.Rotation.WON ? 1 : 0;
        }
        pool.shutdown();
        assertEquals(1, won);
        assertEquals(1, signed.get());
        assertEquals(2, fixtures.tokensInFamily(before.familyId()));
        assertTrue(store.find(hash).orElseThrow().usedAt() != null);
        assertEquals(1, dev.gatehouse.TestDatabase.queryLong(
                "SELECT count(*) FROM refresh_token WHERE family_id = ? AND generation = 1", before.familyId()));
        assertEquals(1, dev.gatehouse.TestDatabase.queryLong(
                "SELECT count(*) FROM refresh_token WHERE token_hash = ? AND successor_sealed = 'sealed-1'", hash));
    }

    @Test
    void refreshWhenDecideRefusesThenNothingIsWrittenAndTheTokenStillRefreshes() {
        String refresh = loginRefreshToken();
        String hash = RefreshTokenService.hash(refresh);
        RefreshTokenStore.Found before = store.find(hash).orElseThrow();
        Instant now = Instant.now().plusSeconds(5);
        RefreshTokenStore.Attempt a = store.refresh(hash, now, now.minusSeconds(3600),
                new RefreshTokenStore.Next("successor-" + UUID.randomUUID(), "jti", now.plusSeconds(900)), x -> null).orElseThrow();
        assertEquals(RefreshTokenStore.Rotation.WON, a.rotation());
        RefreshTokenStore.Found after = store.find(hash).orElseThrow();
        assertEquals(null, after.usedAt());
        assertEquals(before.lastUsedAt(), after.lastUsedAt());
        assertEquals(1, fixtures.tokensInFamily(before.familyId()));
        given().formParam("refresh_token", refresh).post("/auth/refresh").then().statusCode(200);
    }

    @Test
    void refreshWhenUnknownOrFamilyRevokedThenNothingDecidedOrWritten() {
        Instant now = Instant.now();
        AtomicInteger decided = new AtomicInteger();
        assertTrue(store.refresh("no-such-token", now, now.minusSeconds(3600),
                new RefreshTokenStore.Next("successor-" + UUID.randomUUID(), "jti", now.plusSeconds(900)),
                x -> "sealed-" + decided.incrementAndGet()).isEmpty());
        assertEquals(0, decided.get());
        String refresh = loginRefreshToken();
        String hash = RefreshTokenService.hash(refresh);
        RefreshTokenStore.Found before = store.find(hash).orElseThrow();
        refreshTokens.revokeFamily(before.familyId(), "logout");
        RefreshTokenStore.Attempt a = store.refresh(hash, now, now.minusSeconds(3600),
                new RefreshTokenStore.Next("successor-" + UUID.randomUUID(), "jti", now.plusSeconds(900)),
                x -> "sealed-" + decided.incrementAndGet()).orElseThrow();
        assertEquals(RefreshTokenStore.Rotation.FAMILY_ENDED, a.rotation());
        assertTrue(a.found().revokedAt() != null);
        assertEquals(1, fixtures.tokensInFamily(before.familyId()));
        assertEquals(null, store.find(hash).orElseThrow().usedAt());
    }

    @Test
    void refreshWhenFamilyRevokedWhileTheStatementWaitsOnItsRowThenFamilyEndedAndNothingWritten() throws Exception {
        String refresh = loginRefreshToken();
        String hash = RefreshTokenService.hash(refresh);
        RefreshTokenStore.Found before = store.find(hash).orElseThrow();
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            // A logout's revocation, its family row locked and not committed yet.
            Future<?> revoked = pool.submit(() -> QuarkusTransaction.requiringNew().run(() -> {
                refreshTokens.revokeFamily(before.familyId(), "logout");
                holding.countDown();
                awaitLatch(release);
            }));
            assertTrue(holding.await(30, TimeUnit.SECONDS));
            Instant now = Instant.now();
            AtomicInteger decided = new AtomicInteger();
            Future<RefreshTokenStore.Attempt> attempt = pool.submit(() -> store.refresh(hash, now, now.minusSeconds(3600),
                    new RefreshTokenStore.Next("successor-" + UUID.randomUUID(), "jti", now.plusSeconds(900)),
                    a -> "sealed-" + decided.incrementAndGet()).orElseThrow());
            // The statement has read the family (as of its start: live) and waits on its row.
            await().atMost(Duration.ofSeconds(20)).until(() -> dev.gatehouse.TestDatabase.queryLong(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE 'with tok as%'") > 0);
            assertFalse(attempt.isDone());
            release.countDown();
            revoked.get(30, TimeUnit.SECONDS);
            RefreshTokenStore.Attempt a = attempt.get(30, TimeUnit.SECONDS);
            assertEquals(null, a.found().revokedAt(), "the statement's read saw the family live");
            assertEquals(RefreshTokenStore.Rotation.FAMILY_ENDED, a.rotation(), "the touch re-checked the committed row");
            assertEquals(1, decided.get());
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
        assertEquals(1, fixtures.tokensInFamily(before.familyId()));
        assertEquals(null, store.find(hash).orElseThrow().usedAt());
        assertEquals(0, dev.gatehouse.TestDatabase.queryLong(
                "SELECT count(*) FROM refresh_token WHERE token_hash = ? AND successor_sealed IS NOT NULL", hash));
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void refreshWhenSigningFailsThenNothingIsWritten() {
        String refresh = loginRefreshToken();
        String hash = RefreshTokenService.hash(refresh);
        RefreshTokenStore.Found before = store.find(hash).orElseThrow();
        Instant now = Instant.now();
        assertThrows(IllegalStateException.class, () -> store.refresh(hash, now, now.minusSeconds(3600),
                new RefreshTokenStore.Next("successor-" + UUID.randomUUID(), "jti", now.plusSeconds(900)), x -> {
                    throw new IllegalStateException("no signing key");
                }));
        assertEquals(null, store.find(hash).orElseThrow().usedAt());
        assertEquals(1, fixtures.tokensInFamily(before.familyId()));
        given().formParam("refresh_token", refresh).post("/auth/refresh").then().statusCode(200);
    }

    @Test
    void refreshWhenTheSealedPairCannotBeStoredThenRolledBackAndTheConnectionServesTheNextRefresh() {
        String refresh = loginRefreshToken();
        String hash = RefreshTokenService.hash(refresh);
        RefreshTokenStore.Found before = store.find(hash).orElseThrow();
        Instant now = Instant.now().plusSeconds(5);
        // Longer than successor_sealed's VARCHAR(4096): the server refuses the sealed pair's UPDATE, and the commit must not happen.
        assertThrows(dev.gatehouse.common.DependencyUnavailableException.class, () -> store.refresh(hash, now, now.minusSeconds(3600),
                new RefreshTokenStore.Next("successor-" + UUID.randomUUID(), "jti", now.plusSeconds(900)), a -> "x".repeat(5000)));
        assertNothingWritten(hash, before);
        // The same thread gets its pooled connection back (Agroal): it is in no transaction, and rotates.
        assertNextRefreshWorks(hash, before);
    }

    @Test
    void refreshWhenTheCommitFailsThenNothingIsWrittenAndTheConnectionServesTheNextRefresh() throws Exception {
        String refresh = loginRefreshToken();
        String hash = RefreshTokenService.hash(refresh);
        RefreshTokenStore.Found before = store.find(hash).orElseThrow();
        // A deferred constraint trigger fails at COMMIT, only for this sealed value (other tests never write it).
        try (Connection c = dev.gatehouse.TestDatabase.connect(); Statement s = c.createStatement()) {
            s.execute("SET lock_timeout = '5s'");
            // A run killed inside this test may have left them behind.
            s.execute("DROP TRIGGER IF EXISTS test_fail_at_commit ON refresh_token");
            s.execute("CREATE OR REPLACE FUNCTION test_fail_at_commit() RETURNS trigger LANGUAGE plpgsql AS"
                    + " $$ BEGIN RAISE EXCEPTION 'fail at commit'; END $$");
            s.execute("CREATE CONSTRAINT TRIGGER test_fail_at_commit AFTER UPDATE ON refresh_token DEFERRABLE INITIALLY DEFERRED"
                    + " FOR EACH ROW WHEN (NEW.successor_sealed = 'fail-at-commit') EXECUTE FUNCTION test_fail_at_commit()");
        }
        try {
            Instant now = Instant.now().plusSeconds(5);
            assertThrows(dev.gatehouse.common.DependencyUnavailableException.class, () -> store.refresh(hash, now,
                    now.minusSeconds(3600), new RefreshTokenStore.Next("successor-" + UUID.randomUUID(), "jti", now.plusSeconds(900)),
                    a -> "fail-at-commit"));
        } finally {
            try (Connection c = dev.gatehouse.TestDatabase.connect(); Statement s = c.createStatement()) {
                s.execute("SET lock_timeout = '5s'");
                s.execute("DROP TRIGGER IF EXISTS test_fail_at_commit ON refresh_token");
                s.execute("DROP FUNCTION IF EXISTS test_fail_at_commit()");
            }
        }
        assertNothingWritten(hash, before);
        assertNextRefreshWorks(hash, before);
    }

    private void assertNothingWritten(String hash, RefreshTokenStore.Found before) {
        RefreshTokenStore.Found after = store.find(hash).orElseThrow();
        assertEquals(null, after.usedAt());
        assertEquals(before.lastUsedAt(), after.lastUsedAt());
        assertEquals(1, fixtures.tokensInFamily(before.familyId()));
        assertEquals(0, dev.gatehouse.TestDatabase.queryLong(
                "SELECT count(*) FROM refresh_token WHERE token_hash = ? AND successor_sealed IS NOT NULL", hash));
    }

    private void assertNextRefreshWorks(String hash, RefreshTokenStore.Found before) {
        try (Connection c = dataSource.getConnection()) {
            assertEquals(org.postgresql.core.TransactionState.IDLE, c.unwrap(org.postgresql.core.BaseConnection.class).getTransactionState(),
                    "no transaction left open on the pooled connection");
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT txid_current_if_assigned()")) {
                assertTrue(r.next());
                assertEquals(null, r.getObject(1), "no write of an earlier transaction pending");
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        Instant now = Instant.now().plusSeconds(6);
        RefreshTokenStore.Attempt a = store.refresh(hash, now, now.minusSeconds(3600),
                new RefreshTokenStore.Next("successor-" + UUID.randomUUID(), "jti", now.plusSeconds(900)), x -> "sealed-ok").orElseThrow();
        assertEquals(RefreshTokenStore.Rotation.WON, a.rotation());
        assertEquals(2, fixtures.tokensInFamily(before.familyId()));
        assertEquals(1, dev.gatehouse.TestDatabase.queryLong(
                "SELECT count(*) FROM refresh_token WHERE token_hash = ? AND successor_sealed = 'sealed-ok'", hash));
    }

    @Test
    void refreshWhenRotatedThenAuditRecordWrittenInABatch() {
        String refresh = loginRefreshToken();
        RefreshTokenStore.Found found = store.find(RefreshTokenService.hash(refresh)).orElseThrow();
        given().formParam("refresh_token", refresh).post("/auth/refresh").then().statusCode(200);
        audit.flush();
        assertEquals(1, fixtures.auditCount(found.accountId(), AuditEventType.REFRESH));
        assertEquals(0, audit.pendingCount());
    }

    @Inject
    TokenConfig tokenConfig;

    @Test
    void purgeWhenGraceWindowOverThenSealedSuccessorForgottenByTheIndexedRange() throws Exception {
        String refresh = loginRefreshToken();
        String hash = RefreshTokenService.hash(refresh);
        given().formParam("refresh_token", refresh).post("/auth/refresh").then().statusCode(200);
        assertEquals(1, dev.gatehouse.TestDatabase.queryLong(
                "SELECT count(*) FROM refresh_token WHERE token_hash = ? AND successor_sealed IS NOT NULL", hash));
        try {
            dev.gatehouse.common.TestClock.advance(tokenConfig.refreshGraceWindow().plusSeconds(2));
            refreshTokens.purge();
        } finally {
            dev.gatehouse.common.TestClock.reset();
        }
        assertEquals(0, dev.gatehouse.TestDatabase.queryLong(
                "SELECT count(*) FROM refresh_token WHERE token_hash = ? AND successor_sealed IS NOT NULL", hash));
        // past the grace window the old token is a replay: the family ends
        given().formParam("refresh_token", refresh).post("/auth/refresh").then().statusCode(400);
    }

    @Test
    void purgeWhenAMillionRefreshTokensThenPlansUseIndexes() throws Exception {
        // A connection of its own: the service's datasource has a 10 s socket timeout, a million rows take longer.
        try (Connection c = dev.gatehouse.TestDatabase.connect(); Statement s = c.createStatement()) {
            UUID family = UUID.randomUUID();
            s.execute("INSERT INTO refresh_family (id, account_id, kind, scope, amr, created_at, last_used_at, absolute_expires_at)"
                    + " SELECT gen_random_uuid(), gen_random_uuid(), 'TOKEN', 'openid', 'pwd', now(), now(), now() + (g % 1000) * interval '1 hour'"
                    + " FROM generate_series(1, 100000) g");
            s.execute("INSERT INTO refresh_family (id, account_id, kind, scope, amr, created_at, last_used_at, absolute_expires_at)"
                    + " VALUES ('" + family + "', gen_random_uuid(), 'TOKEN', 'openid', 'pwd', now(), now(), now() + interval '1 day')");
            s.execute("INSERT INTO refresh_token (token_hash, family_id, generation, created_at, access_jti, access_expires_at, used_at, successor_sealed)"
                    + " SELECT 'bulk-' || g, '" + family + "', g, now(), 'jti-' || g, now(), now() - (g % 10000) * interval '1 hour',"
                    + " CASE WHEN g % 1000 = 0 THEN 'sealed' END FROM generate_series(1, 1000000) g");
            s.execute("ANALYZE refresh_token");
            s.execute("ANALYZE refresh_family");
            List<String> plans = new ArrayList<>();
            for (String q : List.of(
                    "UPDATE refresh_token SET successor_sealed = NULL WHERE used_at < now() - interval '1 minute'"
                            + " AND used_at >= now() - interval '1 day' AND successor_sealed IS NOT NULL",
                    "SELECT id FROM refresh_family WHERE absolute_expires_at < now() - interval '30 days'",
                    "DELETE FROM refresh_token WHERE family_id IN ('" + UUID.randomUUID() + "')",
                    "SELECT t.token_hash FROM refresh_token t JOIN refresh_family f ON f.id = t.family_id WHERE t.token_hash = 'bulk-7'")) {
                StringBuilder plan = new StringBuilder();
                try (ResultSet r = s.executeQuery("EXPLAIN " + q)) {
                    while (r.next()) {
                        plan.append(r.getString(1)).append('\n');
                    }
                }
                plans.add(plan.toString());
            }
            s.execute("DELETE FROM refresh_token WHERE token_hash LIKE 'bulk-%'");
            s.execute("DELETE FROM refresh_family WHERE kind = 'TOKEN' AND account_id NOT IN (SELECT id FROM account)");
            for (String plan : plans) {
                assertFalse(plan.contains("Seq Scan"), plan);
            }
        }
    }
}
