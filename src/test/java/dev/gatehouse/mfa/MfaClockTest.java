package dev.gatehouse.mfa;

import dev.gatehouse.Api;
import dev.gatehouse.common.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.hamcrest.Matchers.equalTo;

/**
 * What depends on time, with the injected clock held and moved (never a sleep): SECURITY-CASES 34
 * (one step either side of now accepted, further refused) and the mfa_token's lifetime (45).
 */
@QuarkusTest
class MfaClockTest {

    @AfterEach
    void resetClock() {
        TestClock.reset();
    }

    /**
     * 15 s into the current step: within the token verifier's leeway of the real clock, which the
     * bearer token of the enrolment is checked against (each account has its own secret, so no
     * other test used these codes).
     */
    private static Instant midStep() {
        long step = Totp.step(Instant.now());
        return Instant.ofEpochSecond(step * Totp.STEP_SECONDS + 15);
    }

    private static String codeAt(String secret, long step) {
        return Totp.code(Base32.decode(secret), step, Totp.DIGITS);
    }

    /** An account with TOTP on, enrolled at the held clock's step {@code s}. */
    private static MfaApi.Enrolled enrolAt(long s) {
        String email = Api.uniqueEmail();
        String id = Api.register(email, Api.PASSWORD);
        String token = Api.login(email, Api.PASSWORD);
        String secret = MfaApi.start(token).then().statusCode(200).extract().path("secret");
        MfaApi.confirm(token, codeAt(secret, s)).then().statusCode(200);
        return new MfaApi.Enrolled(email, id, secret, token, java.util.List.of());
    }

    /** SECURITY-CASES 34: a code one step either side of now → accepted; two or more → refused. */
    @Test
    void verifyWhenCodeOneStepEitherSideThenAcceptedWhenFurtherThenRefused() {
        Instant t = midStep();
        TestClock.freeze(t);
        long s = Totp.step(t);
        MfaApi.Enrolled a = enrolAt(s);

        // Ten steps later: the code of the step before now, then of the step after now.
        TestClock.freeze(t.plusSeconds(10 * Totp.STEP_SECONDS));
        MfaApi.verifyOtp(MfaApi.mfaToken(a.email()), codeAt(a.secret(), s + 9)).then().statusCode(200);
        MfaApi.verifyOtp(MfaApi.mfaToken(a.email()), codeAt(a.secret(), s + 11)).then().statusCode(200);

        // Twenty steps later: two steps either side is outside the window (and newer than any used step).
        TestClock.freeze(t.plusSeconds(20 * Totp.STEP_SECONDS));
        String before = codeAt(a.secret(), s + 18);
        String after = codeAt(a.secret(), s + 22);
        String now = codeAt(a.secret(), s + 20);
        if (!before.equals(now) && !after.equals(now)
                && !before.equals(codeAt(a.secret(), s + 19)) && !after.equals(codeAt(a.secret(), s + 21))) {
            MfaApi.verifyOtp(MfaApi.mfaToken(a.email()), before).then().statusCode(400);
            MfaApi.verifyOtp(MfaApi.mfaToken(a.email()), after).then().statusCode(400);
        }
        // The current step still works: the refusals were the window's, not a lockout's.
        MfaApi.verifyOtp(MfaApi.mfaToken(a.email()), now).then().statusCode(200);
        // And an older step than the last one used never works again, even inside the window.
        MfaApi.verifyOtp(MfaApi.mfaToken(a.email()), codeAt(a.secret(), s + 19)).then().statusCode(400);
    }

    /** SECURITY-CASES 45: an mfa_token after its lifetime (5 minutes) → refused. */
    @Test
    void verifyWhenMfaTokenOlderThanItsLifetimeThenRefused() {
        Instant t = midStep();
        TestClock.freeze(t);
        long s = Totp.step(t);
        MfaApi.Enrolled a = enrolAt(s);
        String stale = MfaApi.mfaToken(a.email());
        String fresh;
        TestClock.freeze(t.plus(Duration.ofMinutes(4)).plusSeconds(50));
        fresh = MfaApi.mfaToken(a.email());
        TestClock.freeze(t.plus(Duration.ofMinutes(5)).plusSeconds(1));
        long now = Totp.step(t.plus(Duration.ofMinutes(5)).plusSeconds(1));
        MfaApi.verifyOtp(stale, codeAt(a.secret(), now)).then().statusCode(400)
                .body("error_description", equalTo(MfaService.TOKEN_INVALID));
        // The code was not used up by the refused try: a live token takes it.
        MfaApi.verifyOtp(fresh, codeAt(a.secret(), now)).then().statusCode(200);
    }
}
