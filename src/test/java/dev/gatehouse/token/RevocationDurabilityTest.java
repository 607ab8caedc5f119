package dev.gatehouse.token;

import dev.gatehouse.Api;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A revoked token never becomes valid again, even after Redis loses everything (SECURITY-CASES 8, 13). */
@QuarkusTest
class RevocationDurabilityTest {

    @Inject
    RedisDataSource redis;

    @Inject
    RevocationStore store;

    /** The markers are read in batches: a marker missing from the first, a middle or the last batch is seen. */
    @Test
    void seededWhenOneSlotMarkerIsMissingThenFalseWhicheverBatchItIsIn() {
        for (int slot : new int[] {0, 5000, dev.gatehouse.common.RedisSlots.SLOTS - 1}) {
            store.seed(java.util.List.of(), store.appliedSequence());
            assertTrue(store.seeded(), "every marker set");
            redis.key().del(RedisRevocationStore.markerOfSlot(slot));
            org.junit.jupiter.api.Assertions.assertFalse(store.seeded(), "marker of slot " + slot + " missing");
        }
        store.seed(java.util.List.of(), store.appliedSequence());
    }

    @Test
    void checkWhenRedisFlushedThenRevokedTokenStaysRevoked() {
        String token = Api.newUserToken();
        given().auth().oauth2(token).when().post("/auth/logout").then().statusCode(204);
        assertEquals(401, Api.meStatus(token));
        redis.flushall();
        assertEquals(401, Api.meStatus(token));
    }

    @Test
    void checkWhenRedisFlushedThenLogoutAllWatermarkStaysAndOtherTokensWork() {
        String token = Api.newUserToken();
        String other = Api.newUserToken();
        given().auth().oauth2(token).when().post("/auth/logout-all").then().statusCode(204);
        redis.flushall();
        assertEquals(401, Api.meStatus(token));
        assertEquals(200, Api.meStatus(other));
    }

    /**
     * A failover to a replica that had not received the last writes: the revocation is gone and the
     * slot's marker is back at its value from before it. The marker is lower than the sequence this
     * instance knows the database holds for the slot, so the slot is caught up before answering.
     */
    @Test
    void checkWhenSlotMissedTheLastRevocationThenCaughtUpBeforeAnswering() {
        String token = Api.newUserToken();
        String other = Api.newUserToken();
        String account = Api.jwtField(token, 1, "sub");
        String marker = RedisRevocationStore.markerKey(account);
        long before = Long.parseLong(redis.value(String.class).get(marker));
        given().auth().oauth2(token).when().post("/auth/logout").then().statusCode(204);
        long after = Long.parseLong(redis.value(String.class).get(marker));
        assertTrue(after > before, "the revocation raised its slot's marker: " + before + " -> " + after);

        redis.key().del(RedisRevocationStore.jtiKey(account, Api.jwtField(token, 1, "jti")));
        redis.value(String.class).set(marker, Long.toString(before));
        assertEquals(401, Api.meStatus(token));
        assertEquals(200, Api.meStatus(other));
        assertTrue(Long.parseLong(redis.value(String.class).get(marker)) >= after, "the slot holds the feed again");
    }

    /** One slot lost everything, marker included, while every other slot kept its keys. */
    @Test
    void checkWhenOneSlotLostEverythingThenRevokedTokenStaysRevoked() {
        String token = Api.newUserToken();
        String account = Api.jwtField(token, 1, "sub");
        given().auth().oauth2(token).when().post("/auth/logout").then().statusCode(204);
        redis.key().del(RedisRevocationStore.jtiKey(account, Api.jwtField(token, 1, "jti")), RedisRevocationStore.markerKey(account));
        assertEquals(401, Api.meStatus(token));
    }

    @Test
    void logoutWhenCalledTwiceThenSecondIsUnauthorized() {
        String token = Api.newUserToken();
        given().auth().oauth2(token).when().post("/auth/logout").then().statusCode(204);
        given().auth().oauth2(token).when().post("/auth/logout").then().statusCode(401);
    }
}
