package dev.gatehouse.password;

import dev.gatehouse.TestAddresses;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicReference;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hashing runs at a lower priority than the rest of the service (issue 14: a login flood must leave
 * the event loop and the workers their share), on the hashing threads only.
 */
@QuarkusTest
class HashingPriorityTest {

    @Inject
    HashingPool pool;

    @Test
    void lowerWhenCalledThenOnlyTheCallingThreadRunsNicer() throws Exception {
        Integer before = HashingPriority.currentNice();
        assertNotNull(before, "this test needs Linux's /proc/thread-self");
        int wanted = Math.min(19, before + 3);
        AtomicReference<Integer> inside = new AtomicReference<>();
        Thread t = new Thread(() -> {
            assertTrue(HashingPriority.lower(wanted));
            inside.set(HashingPriority.currentNice());
        });
        t.start();
        t.join();
        assertEquals(wanted, inside.get());
        // The nice value is per thread: the caller's own is untouched.
        assertEquals(before, HashingPriority.currentNice());
    }

    @Test
    void idleWhenCalledThenOnlyTheCallingThreadRunsUnderSchedIdle() throws Exception {
        Integer before = HashingPriority.currentPolicy();
        assertEquals(0, before, "this test needs Linux's /proc/thread-self and a caller under the normal policy");
        AtomicReference<Integer> inside = new AtomicReference<>();
        AtomicReference<Boolean> again = new AtomicReference<>();
        Thread t = new Thread(() -> {
            assertTrue(HashingPriority.idle());
            inside.set(HashingPriority.currentPolicy());
            again.set(HashingPriority.idle());
        });
        t.start();
        t.join();
        assertEquals(HashingPriority.SCHED_IDLE, inside.get());
        assertTrue(again.get(), "a thread already under SCHED_IDLE says so");
        // The policy is per thread: the caller's own is untouched.
        assertEquals(0, HashingPriority.currentPolicy());
    }

    @Test
    void lowerWhenThreadIsAlreadyNicerThenItKeepsItsOwn() throws Exception {
        AtomicReference<Integer> after = new AtomicReference<>();
        Thread t = new Thread(() -> {
            HashingPriority.lower(15);
            assertTrue(HashingPriority.lower(5));
            after.set(HashingPriority.currentNice());
        });
        t.start();
        t.join();
        assertEquals(15, after.get());
    }

    @Test
    void hashWhenRunOnThePoolThenAtTheConfiguredNiceUnderSchedIdleAndHealthSaysSo() {
        int caller = HashingPriority.currentNice();
        int expected = Math.max(caller, 10);
        assertEquals(expected, pool.run(HashingPriority::currentNice));
        assertEquals(expected, pool.nice());
        assertEquals(HashingPriority.SCHED_IDLE, pool.run(HashingPriority::currentPolicy));
        assertEquals("idle", pool.scheduling());
        given().get("/q/health/ready").then()
                .body("checks.find { it.name == 'password-hashing' }.data.nice", equalTo(expected))
                .body("checks.find { it.name == 'password-hashing' }.data.scheduling", equalTo("idle"));
        // And a login still works through it.
        String email = dev.gatehouse.Api.uniqueEmail();
        dev.gatehouse.Api.register(email, dev.gatehouse.Api.PASSWORD);
        given().header("X-Forwarded-For", TestAddresses.fresh()).formParam("username", email)
                .formParam("password", dev.gatehouse.Api.PASSWORD).post("/auth/login").then().statusCode(200);
    }
}
