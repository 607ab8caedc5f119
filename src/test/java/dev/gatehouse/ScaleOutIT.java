package dev.gatehouse;

import dev.gatehouse.common.RedisSlots;
import dev.gatehouse.mfa.MfaApi;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15: three packaged instances on loopback sharing one PostgreSQL (a database of their own)
 * and one real Redis Cluster (three masters, three replicas, started here) behave as one service:
 * a revocation, a lockout, a rate limit, a key rotation, a refresh race and a TOTP code on one are
 * honoured by the others on the next request; a slot that missed writes is caught up before it
 * answers; and a master killed under load fails over without a 5xx other than 503 with
 * Retry-After, without a revoked token coming back, and recovers by itself.
 */
class ScaleOutIT {

    private static final String ADMIN_EMAIL = "admin@scale-out.test";
    private static final String ADMIN_PASSWORD = "Three-Instances-Agree-2026";
    private static final int LOGINS_PER_ACCOUNT = 12;
    private static RedisCluster cluster;
    private static FreshDatabase database;
    private static final List<GatehouseProcess> INSTANCES = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        cluster = RedisCluster.start("scale-out");
        database = FreshDatabase.create();
        Map<String, String> env = new HashMap<>(Map.of(
                "QUARKUS_REDIS_CLIENT_TYPE", "cluster",
                "QUARKUS_DATASOURCE_JDBC_URL", database.jdbcUrl(),
                "GATEHOUSE_PROTECTION_LOGIN_PER_ACCOUNT", Integer.toString(LOGINS_PER_ACCOUNT),
                "GATEHOUSE_KEYS_RELOAD_INTERVAL", "1s",
                "GATEHOUSE_KEYS_JWKS_MAX_AGE", "PT1S",
                "GATEHOUSE_KEYS_PUBLISH_LEAD", "PT3S",
                "GATEHOUSE_BOOTSTRAP_ADMIN_EMAIL", ADMIN_EMAIL,
                "GATEHOUSE_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD));
        env.put("GATEHOUSE_PROTECTION_LOGIN_PER_ADDRESS", "100000");
        env.put("GATEHOUSE_PROTECTION_REGISTER_PER_ADDRESS", "100000");
        env.put("GATEHOUSE_PROTECTION_REFRESH_PER_ADDRESS", "100000");
        // One after the other: the first migrates the empty database and creates the admin.
        for (String name : List.of("scale-out-a", "scale-out-b", "scale-out-c")) {
            INSTANCES.add(GatehouseProcess.start(name, FreePort.next(), cluster.hosts(), env));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        INSTANCES.forEach(GatehouseProcess::close);
        if (cluster != null) {
            cluster.close();
        }
        if (database != null) {
            database.close();
        }
    }

    private static RequestSpecification at(int i) {
        return given().baseUri(INSTANCES.get(i % INSTANCES.size()).baseUri());
    }

    private static String register(int i) {
        String email = Api.uniqueEmail();
        at(i).contentType(ContentType.JSON).body(Map.of("email", email, "password", Api.PASSWORD)).post("/auth/register")
                .then().statusCode(201);
        return email;
    }

    private static Response login(int i, String email, String password) {
        return at(i).contentType(ContentType.URLENC).formParam("username", email).formParam("password", password).post("/auth/login");
    }

    private static String token(int i, String email) {
        return login(i, email, Api.PASSWORD).then().statusCode(200).extract().path("access_token");
    }

    private static int me(int i, String token) {
        return at(i).auth().oauth2(token).get("/auth/me").then().extract().statusCode();
    }

    @Test
    void logoutWhenOnOneInstanceThenRefusedByEveryInstanceOnTheNextRequest() {
        String email = register(0);
        String token = token(1, email);
        at(2).auth().oauth2(token).post("/auth/logout").then().statusCode(204);
        for (int i = 0; i < 3; i++) {
            assertEquals(401, me(i, token), "instance " + i);
        }
    }

    @Test
    void lockoutWhenFailuresSpreadOverThreeInstancesThenLockedOnAll() {
        String email = register(0);
        for (int i = 0; i < 5; i++) {
            login(i, email, "Wrong-Password-" + i).then().statusCode(401);
        }
        for (int i = 0; i < 3; i++) {
            login(i, email, Api.PASSWORD).then().statusCode(401);
        }
    }

    @Test
    void rateLimitWhenLoginsSpreadOverThreeInstancesThenOneLimitForAll() {
        String email = register(0);
        for (int i = 0; i < LOGINS_PER_ACCOUNT; i++) {
            login(i, email, Api.PASSWORD).then().statusCode(200);
        }
        for (int i = 0; i < 3; i++) {
            login(i, email, Api.PASSWORD).then().statusCode(429);
        }
    }

    @Test
    void keyRotationWhenTriggeredOnOneInstanceThenPublishedAndHonouredByAll() {
        String admin = token(0, ADMIN_EMAIL, ADMIN_PASSWORD);
        String kid = at(0).auth().oauth2(admin).post("/admin/keys/rotate").then().statusCode(200).extract().path("kid");
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            for (int i = 0; i < 3; i++) {
                at(i).get("/.well-known/jwks.json").then().statusCode(200).body("keys.kid", hasItem(kid));
            }
        });
        // Once it signs (after the publish lead), its tokens are accepted everywhere.
        String email = register(1);
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500)).until(() ->
                kid.equals(Api.kidOf(token(1, email))));
        String signedByNewKey = token(2, email);
        for (int i = 0; i < 3; i++) {
            assertEquals(200, me(i, signedByNewKey), "instance " + i);
        }
    }

    private static String token(int i, String email, String password) {
        return login(i, email, password).then().statusCode(200).extract().path("access_token");
    }

    @Test
    void refreshWhenRacedOverThreeInstancesThenOneSuccessor() throws Exception {
        String email = register(0);
        String refresh = login(0, email, Api.PASSWORD).then().statusCode(200).extract().path("refresh_token");
        List<Callable<String>> calls = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            int instance = i;
            calls.add(() -> at(instance).contentType(ContentType.URLENC).formParam("refresh_token", refresh).post("/auth/refresh")
                    .then().statusCode(200).extract().path("refresh_token"));
        }
        assertEquals(1, new HashSet<>(parallel(calls)).size(), "one successor, handed to every duplicate in the grace window");
    }

    @Test
    void totpCodeWhenOfferedToThreeInstancesAtOnceThenAcceptedOnce() throws Exception {
        String email = register(0);
        String access = token(0, email);
        String secret = at(1).auth().oauth2(access).post("/auth/mfa/totp").then().statusCode(200).extract().path("secret");
        at(2).auth().oauth2(access).contentType(ContentType.JSON).body(Map.of("code", MfaApi.code(secret, 0)))
                .post("/auth/mfa/totp/confirm").then().statusCode(200);
        String code = MfaApi.code(secret, 1);
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            int instance = i;
            String mfaToken = login(i + 1, email, Api.PASSWORD).then().statusCode(403).extract().path("mfa_token");
            calls.add(() -> at(instance).contentType(ContentType.URLENC).formParam("mfa_token", mfaToken).formParam("otp", code)
                    .post("/auth/mfa/verify").statusCode());
        }
        List<Integer> statuses = parallel(calls);
        assertEquals(1, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
    }

    /**
     * A failover to a replica that had not received the last revocation of a slot: the jti is
     * gone and the slot's marker is back below it. Every instance learned that revocation's
     * sequence from the feed, so each one catches the slot up before its next check answers.
     */
    @Test
    void checkWhenSlotMissedARevocationOfAnotherInstanceThenCaughtUpBeforeAnswering() throws Exception {
        String email = register(0);
        String token = token(0, email);
        String account = Api.jwtField(token, 1, "sub");
        String marker = "gh:rev:{" + RedisSlots.tagFor(RedisSlots.slot(account)) + "}:seeded";
        long before = Long.parseLong(cluster.cli("get", marker).trim());
        at(0).auth().oauth2(token).post("/auth/logout").then().statusCode(204);
        long seq = maxFeedSequence();
        // Every instance has read the feed up to this revocation (a failover takes longer than a poll).
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
            for (int i = 0; i < 3; i++) {
                if (knownSequence(i) < seq) {
                    return false;
                }
            }
            return true;
        });
        cluster.cli("del", "gh:rev:{" + account + "}:jti:" + Api.jwtField(token, 1, "jti"));
        cluster.cli("set", marker, Long.toString(before));
        assertEquals(401, me(1, token), "instance b");
        assertEquals(401, me(2, token), "instance c");
    }

    /** A master killed mid-load: fails closed with 503 and Retry-After, never un-revokes, recovers by itself. */
    @Test
    void masterKilledUnderLoadThenOnly503sMeanwhileNothingRevokedComesBackAndRecovery() throws Exception {
        String email = register(0);
        String revoked = token(0, email);
        String live = token(1, email);
        String account = Api.jwtField(live, 1, "sub");
        at(2).auth().oauth2(revoked).post("/auth/logout").then().statusCode(204);
        RedisServer victim = cluster.masterOf("gh:rev:{" + account + "}:nbf");

        LoadUnderFault load = LoadUnderFault.start(3, (l, instance) -> {
            l.expect("live token on " + instance, at(instance).auth().oauth2(live).get("/auth/me"), 200);
            l.expect("revoked token on " + instance, at(instance).auth().oauth2(revoked).get("/auth/me"), 401);
        });
        try (load) {
            await().atMost(Duration.ofSeconds(30)).until(() -> load.rounds() >= 30); // traffic before the fault
            victim.stop();
            int atFault = load.rounds();
            cluster.awaitOk();
            // Back by itself: the live token is accepted again on every instance.
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() ->
                    me(0, live) == 200 && me(1, live) == 200 && me(2, live) == 200);
            assertTrue(load.rounds() > atFault, "the load went on through the failover");
        }
        assertEquals(List.of(), load.wrong());
        for (int i = 0; i < 3; i++) {
            assertEquals(401, me(i, revoked), "instance " + i);
        }
        // Writes after the failover reach every instance too.
        at(0).auth().oauth2(live).post("/auth/logout-all").then().statusCode(204);
        for (int i = 0; i < 3; i++) {
            assertEquals(401, me(i, live), "instance " + i);
        }
    }

    private static long knownSequence(int i) {
        String metrics = at(i).get("/q/metrics").then().statusCode(200).extract().asString();
        for (String line : metrics.split("\n")) {
            if (line.startsWith("gatehouse_revocations_feed_known_sequence")) {
                return (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new IllegalStateException("no gatehouse_revocations_feed_known_sequence on instance " + i);
    }

    private static long maxFeedSequence() throws Exception {
        try (Connection c = DriverManager.getConnection(database.jdbcUrl(), "postgres", "");
             Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT max(seq) FROM revocation_feed")) {
            r.next();
            return r.getLong(1);
        }
    }

    private static <T> List<T> parallel(List<Callable<T>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> c : calls) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return c.call();
                }));
            }
            go.countDown();
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get(60, TimeUnit.SECONDS));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
