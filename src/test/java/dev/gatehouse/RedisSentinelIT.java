package dev.gatehouse;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15: Redis behind Sentinel (a master, a replica and three sentinels, started here on free
 * ports), selected by the standard settings (QUARKUS_REDIS_CLIENT_TYPE=sentinel, the sentinels
 * as hosts, QUARKUS_REDIS_MASTER_NAME, QUARKUS_REDIS_AUTO_FAILOVER). The master is killed under
 * load: meanwhile only 503 with Retry-After, never a revoked token accepted; after the sentinels
 * promote the replica, the service recovers by itself and new revocations reach it.
 */
class RedisSentinelIT {

    private static final String MASTER_NAME = "gatehouse";
    private static RedisServer master;
    private static RedisServer replica;
    private static final List<RedisServer> SENTINELS = new ArrayList<>();
    private static GatehouseProcess gatehouse;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createTempDirectory(new File("target").toPath().toAbsolutePath(), "redis-sentinel");
        // Their working directory is the test's: a replica's first sync writes an RDB file there.
        master = RedisServer.launch("--dir", dir.toString());
        replica = RedisServer.launch("--dir", dir.toString(), "--replicaof", "127.0.0.1", Integer.toString(master.port()));
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() ->
                RedisCluster.cli(replica.port(), "info", "replication").contains("master_link_status:up"));
        for (int i = 0; i < 3; i++) {
            SENTINELS.add(RedisServer.launchSentinel(dir, MASTER_NAME, master.port()));
        }
        String hosts = SENTINELS.stream().map(RedisServer::url).collect(Collectors.joining(","));
        gatehouse = GatehouseProcess.start("redis-sentinel", FreePort.next(), hosts, Map.of(
                "QUARKUS_REDIS_CLIENT_TYPE", "sentinel",
                "QUARKUS_REDIS_MASTER_NAME", MASTER_NAME,
                "QUARKUS_REDIS_AUTO_FAILOVER", "true",
                "GATEHOUSE_PROTECTION_LOGIN_PER_ADDRESS", "100000",
                "GATEHOUSE_PROTECTION_REGISTER_PER_ADDRESS", "100000",
                "GATEHOUSE_PROTECTION_REFRESH_PER_ADDRESS", "100000"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (gatehouse != null) {
            gatehouse.close();
        }
        for (RedisServer s : SENTINELS) {
            s.stop();
        }
        if (replica != null) {
            replica.stop();
        }
        if (master != null) {
            master.stop();
        }
    }

    private static RequestSpecification api() {
        return given().baseUri(gatehouse.baseUri());
    }

    private static String token(String email) {
        return api().contentType(ContentType.URLENC).formParam("username", email).formParam("password", Api.PASSWORD)
                .post("/auth/login").then().statusCode(200).extract().path("access_token");
    }

    private static int me(String token) {
        return api().auth().oauth2(token).get("/auth/me").then().extract().statusCode();
    }

    private static String masterPort() throws Exception {
        String out = RedisCluster.cli(SENTINELS.get(0).port(), "sentinel", "get-master-addr-by-name", MASTER_NAME);
        String[] lines = out.trim().split("\n");
        return lines[lines.length - 1].trim();
    }

    @Test
    void masterKilledUnderLoadThenSentinelFailoverWithoutARevokedTokenAcceptedAndRecovery() throws Exception {
        String email = Api.uniqueEmail();
        api().contentType(ContentType.JSON).body(Map.of("email", email, "password", Api.PASSWORD)).post("/auth/register")
                .then().statusCode(201);
        String revoked = token(email);
        String live = token(email);
        api().auth().oauth2(revoked).post("/auth/logout").then().statusCode(204);
        assertEquals(401, me(revoked));
        assertEquals(200, me(live));
        assertEquals(Integer.toString(master.port()), masterPort());

        LoadUnderFault load = LoadUnderFault.start(2, (l, t) -> {
            l.expect("live token", api().auth().oauth2(live).get("/auth/me"), 200);
            l.expect("revoked token", api().auth().oauth2(revoked).get("/auth/me"), 401);
        });
        try (load) {
            await().atMost(Duration.ofSeconds(30)).until(() -> load.rounds() >= 30); // traffic before the fault
            master.stop();
            int atFault = load.rounds();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() ->
                    masterPort().equals(Integer.toString(replica.port())));
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> me(live) == 200);
            assertTrue(load.rounds() > atFault, "the load went on through the failover");
        }
        assertEquals(List.of(), load.wrong());
        assertEquals(401, me(revoked));
        // Writes after the failover go to the new master.
        String another = token(email);
        api().auth().oauth2(another).post("/auth/logout").then().statusCode(204);
        assertEquals(401, me(another));
        assertEquals(200, me(live));
    }
}
