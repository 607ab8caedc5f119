package dev.gatehouse.common;

import dev.gatehouse.Api;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scripts go by EVALSHA, and a server that forgot them (flush, restart, failover) gets the source once. */
@QuarkusTest
class RedisScriptTest {

    @Inject
    RedisDataSource redis;

    private long evalshaCalls() {
        String info = redis.execute("INFO", "commandstats").toString();
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("cmdstat_evalsha:")) {
                return Long.parseLong(line.replaceAll("^cmdstat_evalsha:calls=(\\d+),.*$", "$1").trim());
            }
        }
        return 0;
    }

    @Test
    void runWhenServerForgotTheScriptThenFallsBackToEvalAndCachesIt() {
        RedisScript script = new RedisScript("return {KEYS[1], ARGV[1]}");
        redis.execute("SCRIPT", "FLUSH");
        var r = script.run(redis, 1, "gh:test:key", "v");
        assertEquals("gh:test:key", r.get(0).toString());
        assertEquals("v", r.get(1).toString());
        assertEquals(1, redis.execute("SCRIPT", "EXISTS", script.sha()).get(0).toInteger());
        long before = evalshaCalls();
        script.run(redis, 1, "gh:test:key", "w");
        assertTrue(evalshaCalls() > before);
    }

    @Test
    void loginWhenRateLimitedThenLimiterScriptsRunByEvalsha() {
        long before = evalshaCalls();
        given().formParam("username", Api.uniqueEmail()).formParam("password", "Wrong-Password-1")
                .post("/auth/login").then().statusCode(401);
        assertTrue(evalshaCalls() >= before + 2, "the address limit and the lockout's scripts by EVALSHA");
    }
}
