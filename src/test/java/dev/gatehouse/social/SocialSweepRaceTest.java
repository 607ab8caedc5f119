package dev.gatehouse.social;

import dev.gatehouse.Api;
import dev.gatehouse.RaceWindow;
import dev.gatehouse.TestDatabase;
import dev.gatehouse.common.ClientInfo;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Social sign-ins and links in flight while the owner's reset sweeps a never-proven account (its
 * linked identities and sessions go): the identity (sign-in) and the linking session (link) are
 * re-checked under the account row's lock in the transaction that writes the session or the link.
 * {@link RaceWindow} runs the reset between the provider identity's check and that lock.
 */
@QuarkusTest
class SocialSweepRaceTest {

    private static final ClientInfo CLIENT = new ClientInfo("127.0.0.1", "race test");

    @Inject
    SocialLoginService social;

    private static ProviderProfile google(String subject) {
        return new ProviderProfile(SocialProvider.GOOGLE, subject, Api.uniqueEmail(), true, null, null);
    }

    private static UUID sid(String accessToken) {
        return UUID.fromString(Api.jwtField(accessToken, 1, "sid"));
    }

    private static long identities(UUID accountId) {
        return TestDatabase.queryLong("SELECT count(*) FROM federated_identity WHERE account_id = ?", accountId);
    }

    @Test
    void socialSignInWhenTheResetUnlinksTheIdentityBeforeTheSessionIsWrittenThenNoSession() {
        String email = Api.uniqueEmail();
        UUID id = UUID.fromString(Api.register(email, Api.PASSWORD));
        String subject = "g-race-" + UUID.randomUUID();
        String squatter = Api.login(email, Api.PASSWORD);
        // The squatter links their Google identity, then signs in with it.
        social.signIn(google(subject), id, sid(squatter), CLIENT);
        assertEquals(1, identities(id));
        AtomicInteger reset = RaceWindow.resetInTheWindow(id, email);

        SocialLoginRefused refused = assertThrows(SocialLoginRefused.class, () -> social.signIn(google(subject), null, null, CLIENT));

        assertEquals(1, RaceWindow.ran(id), "the reset ran between the identity's look-up and the session");
        assertEquals(204, reset.get());
        assertEquals(SocialLoginRefused.NOT_ALLOWED, refused.code());
        assertEquals(0, identities(id));
        assertEquals(0, RaceWindow.liveSessions(id), "no session of the squatter's identity outlives the sweep");
    }

    @Test
    void linkWhenTheResetEndsTheLinkingSessionBeforeTheLinkIsWrittenThenNothingIsLinked() {
        String email = Api.uniqueEmail();
        UUID id = UUID.fromString(Api.register(email, Api.PASSWORD));
        String squatter = Api.login(email, Api.PASSWORD);
        AtomicInteger reset = RaceWindow.resetInTheWindow(id, email);

        SocialLoginRefused refused = assertThrows(SocialLoginRefused.class,
                () -> social.signIn(google("g-race-" + UUID.randomUUID()), id, sid(squatter), CLIENT));

        assertEquals(1, RaceWindow.ran(id), "the reset ran between the flow's check and the link");
        assertEquals(204, reset.get());
        assertEquals(SocialLoginRefused.NOT_ALLOWED, refused.code());
        assertEquals(0, identities(id), "no identity is linked after the sweep");
        assertEquals(0, RaceWindow.liveSessions(id));
    }

    @Test
    void linkWhenTheSessionThatStartedItEndedThenNothingIsLinked() {
        String email = Api.uniqueEmail();
        UUID id = UUID.fromString(Api.register(email, Api.PASSWORD));
        String squatter = Api.login(email, Api.PASSWORD);
        io.restassured.RestAssured.given().auth().oauth2(squatter).post("/auth/logout").then().statusCode(204);

        assertThrows(SocialLoginRefused.class, () -> social.signIn(google("g-race-" + UUID.randomUUID()), id, sid(squatter), CLIENT));
        assertThrows(SocialLoginRefused.class, () -> social.signIn(google("g-race-" + UUID.randomUUID()), id, null, CLIENT));
        assertEquals(0, identities(id));
    }
}
