package dev.gatehouse.account;

import dev.gatehouse.Api;
import dev.gatehouse.TestDatabase;
import dev.gatehouse.common.ClientInfo;
import dev.gatehouse.token.RefreshTokenService;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Issue 9 ("no race in the security rules"): a sign-in that checked the password before a role
 * change or disable and writes its session after it must not mint a token with the old powers.
 * The sign-in holds a shared lock on the account row while it writes its session; the change
 * waits for it (seen in pg_stat_activity), then ends the session it made.
 */
@QuarkusTest
class SignInRaceTest {

    @Inject
    AccountService accounts;
    @Inject
    RefreshTokenService refreshTokens;

    @Test
    void signInWhenDemotedMeanwhileThenTheDemotionWaitsAndEndsTheNewSession() throws Exception {
        UUID id = accounts.register(Api.uniqueEmail(), Api.PASSWORD, null, Set.of("user", "admin")).id();
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<RefreshTokenService.Issued> signIn = pool.submit(() -> accounts.withCurrentCredentials(id, current -> true, current -> {
                holding.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return refreshTokens.start(new RefreshTokenService.Subject(id, current.roles(), "openid", List.of("pwd")),
                        RefreshTokenService.KIND_TOKEN, new ClientInfo("127.0.0.1", "test"));
            }));
            holding.await(30, TimeUnit.SECONDS);
            Future<Boolean> demote = pool.submit(() -> accounts.setRoles(id, Set.of("user")));
            // The demotion is blocked on the account row, not finished and not lost.
            await().atMost(Duration.ofSeconds(20)).until(() -> TestDatabase.queryLong(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query ILIKE 'update account %'") > 0);
            assertFalse(demote.isDone());
            release.countDown();
            RefreshTokenService.Issued issued = signIn.get(30, TimeUnit.SECONDS);
            assertEquals(true, demote.get(30, TimeUnit.SECONDS));
            // The session signed in with the admin role was ended by the demotion that waited for it.
            assertEquals(401, Api.meStatus(issued.response().accessToken()));
            given().contentType(ContentType.URLENC).formParam("refresh_token", issued.response().refreshToken())
                    .post("/auth/refresh").then().statusCode(400).body("error", equalTo("invalid_grant"));
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void signInWhenDisabledBeforeTheSessionIsWrittenThenNoSession() {
        UUID id = accounts.register(Api.uniqueEmail(), Api.PASSWORD, null, Set.of("user")).id();
        accounts.setActive(id, false);
        AccountService.Credentials seen = accounts.withCurrentCredentials(id, current -> true, current -> current);
        org.junit.jupiter.api.Assertions.assertNull(seen, "a disabled account gets no session");
    }
}
