package dev.gatehouse.mfa;

import dev.gatehouse.Api;
import dev.gatehouse.RaceWindow;
import dev.gatehouse.common.ClientInfo;
import dev.gatehouse.common.OAuthErrorException;
import dev.gatehouse.social.ProviderProfile;
import dev.gatehouse.social.SocialLoginService;
import dev.gatehouse.social.SocialProvider;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The MFA step of a sign-in whose code was right just before the owner's reset swept a never-proven
 * account (TOTP, backup codes, identities and passkeys go): the session is written under the
 * account row's lock only while the second factor is still there. The first factor here is a
 * linked Google identity, so no password fingerprint catches the reset: only the re-check of the
 * second factor does. {@link RaceWindow} runs the reset between the code's check and the session.
 */
@QuarkusTest
class MfaSweepRaceTest {

    private static final ClientInfo CLIENT = new ClientInfo("127.0.0.1", "race test");

    @Inject
    SocialLoginService social;
    @Inject
    MfaService mfa;

    @Test
    void mfaStepWhenTheResetSweepsBetweenTheCodeAndTheSessionThenInvalidGrantAndNoSession() {
        MfaApi.Enrolled squatter = MfaApi.enrolled();
        UUID id = UUID.fromString(squatter.accountId());
        ProviderProfile google = new ProviderProfile(SocialProvider.GOOGLE, "g-race-" + UUID.randomUUID(), Api.uniqueEmail(), true,
                null, null);
        social.signIn(google, id, UUID.fromString(Api.jwtField(squatter.token(), 1, "sid")), CLIENT);
        SocialLoginService.SignIn first = social.signIn(google, null, null, CLIENT);
        assertNotNull(first.pending(), "TOTP on: the provider is the first factor only");
        AtomicInteger reset = RaceWindow.resetInTheWindow(id, squatter.email());

        OAuthErrorException refused = assertThrows(OAuthErrorException.class,
                () -> mfa.complete(first.pending().mfaToken(), null, squatter.backupCodes().get(0), CLIENT, () -> { }));

        assertEquals(1, RaceWindow.ran(id), "the reset ran between the code's check and the session");
        assertEquals(204, reset.get());
        assertEquals("invalid_grant", refused.error());
        assertEquals(0, RaceWindow.liveSessions(id), "no session of the squatter's factors outlives the sweep");
    }
}
