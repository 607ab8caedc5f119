package dev.gatehouse.passkey;

import dev.gatehouse.Api;
import dev.gatehouse.RaceWindow;
import dev.gatehouse.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A passkey sign-in whose assertion was checked just before the owner's reset swept a never-proven
 * account (its passkeys go) must not commit a session after the sweep: the passkey is re-checked
 * under the account row's lock in the transaction that writes the session
 * ({@link RaceWindow} runs the reset in exactly that window).
 */
@QuarkusTest
class PasskeySweepRaceTest {

    @Test
    void passkeySignInWhenTheResetSweepsBetweenTheAssertionAndTheSessionThenNoSession() {
        String email = Api.uniqueEmail();
        UUID id = UUID.fromString(Api.register(email, Api.PASSWORD));
        SoftAuthenticator squatters = PasskeyApi.authenticator();
        PasskeyApi.register(Api.login(email, Api.PASSWORD), squatters, "squatter's key");
        AtomicInteger reset = RaceWindow.resetInTheWindow(id, email);
        long before = RaceWindow.liveSessions(id);

        Response r = PasskeyApi.signIn(squatters);

        assertEquals(1, RaceWindow.ran(id), "the reset ran between the assertion check and the session");
        assertEquals(204, reset.get());
        assertEquals(400, r.statusCode(), r.asString());
        assertEquals("invalid_grant", r.path("error"));
        assertNull(r.path("access_token"));
        assertEquals(0, RaceWindow.liveSessions(id), "no session of the squatter's passkey outlives the sweep (before: " + before + ")");
    }

    @Test
    void registrationWhenTheResetEndsTheSessionBetweenTheCeremonyAndTheWriteThenNoPasskey() {
        String email = Api.uniqueEmail();
        UUID id = UUID.fromString(Api.register(email, Api.PASSWORD));
        String squatter = Api.login(email, Api.PASSWORD);
        PasskeyApi.Options o = PasskeyApi.registerOptions(squatter);
        String credential = PasskeyApi.authenticator().create(o.publicKey());
        AtomicInteger reset = RaceWindow.resetInTheWindow(id, email);

        Response r = PasskeyApi.finishRegistration(squatter, o.ceremony(), "squatter's key", credential);

        assertEquals(1, RaceWindow.ran(id), "the reset ran between the ceremony's check and the passkey's write");
        assertEquals(204, reset.get());
        assertEquals(400, r.statusCode(), r.asString());
        assertEquals(0, TestDatabase.queryLong("SELECT count(*) FROM passkey_credential WHERE account_id = ?", id),
                "no passkey of the squatter outlives the sweep");
    }
}
