package dev.gatehouse.lifecycle;

import dev.gatehouse.Api;
import dev.gatehouse.TestDatabase;
import dev.gatehouse.mail.GreenMailResource;
import dev.gatehouse.mfa.MfaApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static dev.gatehouse.lifecycle.Lifecycle.awaitMails;
import static dev.gatehouse.lifecycle.Lifecycle.forgot;
import static dev.gatehouse.lifecycle.Lifecycle.passwordLogin;
import static dev.gatehouse.lifecycle.Lifecycle.reset;
import static dev.gatehouse.lifecycle.Lifecycle.resetToken;
import static dev.gatehouse.lifecycle.Lifecycle.verifyToken;
import static dev.gatehouse.lifecycle.Lifecycle.verify;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SECURITY-CASES 63-66 and 68: verification, reset and e-mail change through the API, with the mail read from a real SMTP server. */
@QuarkusTest
class LifecycleResourceTest {

    private static final String PROBLEM = "urn:gatehouse:problem:";

    @Test
    void registerWhenNewAccountThenMailedLinkVerifiesTheAddress() {
        String email = Api.uniqueEmail();
        Api.register(email, Api.PASSWORD);
        String access = Api.login(email, Api.PASSWORD);
        given().auth().oauth2(access).get("/auth/me").then().statusCode(200).body("emailVerified", equalTo(false));

        MimeMessage mail = awaitMails(email, 1).get(0);
        String link = GreenMailResource.linkIn(mail).orElseThrow();
        assertTrue(link.startsWith("http://localhost:8081/verify?token="), link);
        assertTrue(GreenMailResource.html(mail).contains("href=\"" + link.replace("&", "&amp;") + "\""));

        // Confirmed by the signed-in holder (the bearer token): the session stays.
        given().auth().oauth2(access).contentType(ContentType.JSON).body(Map.of("token", GreenMailResource.tokenIn(mail).orElseThrow()))
                .post("/auth/email/verify").then().statusCode(200)
                .body("email", equalTo(email)).body("emailVerified", equalTo(true)).body("emailChanged", equalTo(false));
        given().auth().oauth2(access).get("/auth/me").then().statusCode(200).body("emailVerified", equalTo(true));
    }

    @Test
    void verifyWhenTokenUsedTwiceThenSecondRefused() {
        String email = Api.uniqueEmail();
        Api.register(email, Api.PASSWORD);
        String token = verifyToken(email, 1);
        verify(token).then().statusCode(200);
        verify(token).then().statusCode(400).body("type", equalTo(PROBLEM + "token-invalid"));
    }

    @Test
    void verifyWhenTokenUnknownOrMalformedThenBadRequestWithoutDetail() {
        for (String token : List.of("A".repeat(43), "not a token", "x".repeat(5000), "", "\u0000abc")) {
            verify(token).then().statusCode(400).body("type", equalTo(PROBLEM + "token-invalid"))
                    .body(not(containsString("Exception")));
        }
        given().contentType(ContentType.JSON).post("/auth/email/verify").then().statusCode(400);
        given().contentType(ContentType.JSON).body("{\"token\": 12}").post("/auth/email/verify").then().statusCode(400);
    }

    @Test
    void tokensWhenIssuedThenOnlyTheirHashIsStored() throws Exception {
        String email = Api.uniqueEmail();
        String id = Api.register(email, Api.PASSWORD);
        String token = verifyToken(email, 1);
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
        assertEquals(List.of(hash), TestDatabase.queryStrings("SELECT token_hash FROM lifecycle_token WHERE account_id = ?::uuid", id));
        assertEquals(0, TestDatabase.queryLong("SELECT count(*) FROM lifecycle_token WHERE token_hash = ? OR email = ?", token, token));
        // The mail left the outbox once the SMTP server took it; nothing of it stays behind.
        assertEquals(0, TestDatabase.queryLong("SELECT count(*) FROM mail_outbox WHERE recipient = ? AND failed_at IS NULL", email));
    }

    @Test
    void forgotWhenKnownOrUnknownAddressThenTheSameAnswer() {
        String known = Api.uniqueEmail();
        Api.register(known, Api.PASSWORD);
        String unknown = Api.uniqueEmail();
        Response a = forgot(known);
        Response b = forgot(unknown);
        assertEquals(202, a.statusCode());
        assertEquals(a.statusCode(), b.statusCode());
        assertEquals(a.body().asString(), b.body().asString());
        assertEquals(headersWithoutDate(a), headersWithoutDate(b));
        // Only the account's mailbox gets a reset mail (its first mail was the verification link).
        MimeMessage resetMail = Lifecycle.awaitLinkMail(known, "/reset", 1);
        assertTrue(GreenMailResource.linkIn(resetMail).orElseThrow().contains("/reset?token="));
        assertEquals(0, Lifecycle.mailCount(unknown));
    }

    private static Map<String, String> headersWithoutDate(Response r) {
        Map<String, String> h = new java.util.TreeMap<>();
        r.headers().asList().stream().filter(x -> !x.getName().equalsIgnoreCase("date")).forEach(x -> h.put(x.getName().toLowerCase(), x.getValue()));
        return h;
    }

    @Test
    void forgotWhenAddressMalformedThenBadRequest() {
        forgot("not an address").then().statusCode(400).body("type", equalTo(PROBLEM + "invalid-request"));
        forgot("a\u0000b@example.com").then().statusCode(400);
        given().contentType(ContentType.JSON).body("[]").post("/auth/password/forgot").then().statusCode(400);
    }

    @Test
    void resetWhenLinkValidThenNewPasswordWorksAndEverySessionEnds() {
        String email = Api.uniqueEmail();
        Api.register(email, Api.PASSWORD);
        Response first = passwordLogin(email, Api.PASSWORD);
        String access = first.path("access_token");
        String refresh = first.path("refresh_token");
        String other = passwordLogin(email, Api.PASSWORD).path("refresh_token");

        forgot(email).then().statusCode(202);
        String token = resetToken(email, 1);
        reset(token, Lifecycle.NEW_PASSWORD, null, null).then().statusCode(204);

        assertEquals(401, Api.meStatus(access));
        for (String r : List.of(refresh, other)) {
            given().contentType(ContentType.URLENC).formParam("refresh_token", r).post("/auth/refresh").then().statusCode(400)
                    .body("error", equalTo("invalid_grant"));
        }
        passwordLogin(email, Api.PASSWORD).then().statusCode(401);
        passwordLogin(email, Lifecycle.NEW_PASSWORD).then().statusCode(200);
        // The link was single use, and following it proved the mailbox.
        reset(token, "Another-Fresh-Phrase-2290", null, null).then().statusCode(400).body("type", equalTo(PROBLEM + "token-invalid"));
        given().auth().oauth2(Api.login(email, Lifecycle.NEW_PASSWORD)).get("/auth/me").then().body("emailVerified", equalTo(true));
    }

    @Test
    void resetWhenNewPasswordBreaksARuleThenRefusedAndTheLinkStillWorks() {
        String email = Api.uniqueEmail();
        Api.register(email, Api.PASSWORD);
        forgot(email);
        String token = resetToken(email, 1);
        reset(token, "password1", null, null).then().statusCode(400).body("type", equalTo(PROBLEM + "invalid-request"));
        reset(token, null, null, null).then().statusCode(400);
        reset(token, Lifecycle.NEW_PASSWORD, null, null).then().statusCode(204);
    }

    @Test
    void resetWhenMfaOnThenTheSecondFactorIsNeededToo() {
        MfaApi.Enrolled person = MfaApi.enrolled();
        Lifecycle.proveSignedIn(person.email(), person.token());
        forgot(person.email()).then().statusCode(202);
        String token = resetToken(person.email(), 1);

        reset(token, Lifecycle.NEW_PASSWORD, null, null).then().statusCode(403).body("type", equalTo(PROBLEM + "mfa-code-required"));
        reset(token, Lifecycle.NEW_PASSWORD, "000000".equals(person.code(1)) ? "111111" : "000000", null).then().statusCode(403)
                .body("type", equalTo(PROBLEM + "mfa-code-invalid"));
        // Neither refusal used the link or changed the password.
        MfaApi.login(person.email(), Api.PASSWORD).then().statusCode(403).body("error", equalTo("mfa_required"));
        reset(token, Lifecycle.NEW_PASSWORD, person.code(1), null).then().statusCode(204);
        MfaApi.login(person.email(), Lifecycle.NEW_PASSWORD).then().statusCode(403).body("error", equalTo("mfa_required"));
        MfaApi.login(person.email(), Api.PASSWORD).then().statusCode(401);
    }

    @Test
    void resetWhenMfaOnThenABackupCodeAlsoServes() {
        MfaApi.Enrolled person = MfaApi.enrolled();
        Lifecycle.proveSignedIn(person.email(), person.token());
        forgot(person.email());
        String token = resetToken(person.email(), 1);
        reset(token, Lifecycle.NEW_PASSWORD, null, person.backupCodes().get(0)).then().statusCode(204);
        reset(tokenOf(person.email()), "Another-Fresh-Phrase-2290", null, person.backupCodes().get(0)).then().statusCode(403)
                .body("type", equalTo(PROBLEM + "mfa-code-invalid"));
    }

    private static String tokenOf(String email) {
        int before = Lifecycle.resetCount(email);
        forgot(email).then().statusCode(202);
        return resetToken(email, before + 1);
    }

    @Test
    void changeEmailWhenNewAddressVerifiedThenItTakesEffectAndTheOldAddressIsTold() {
        String old = Api.uniqueEmail();
        Api.register(old, Api.PASSWORD);
        String access = Api.login(old, Api.PASSWORD);
        String replacement = Api.uniqueEmail();

        Lifecycle.changeEmail(access, replacement, Api.PASSWORD, null).then().statusCode(202);
        // Nothing changes before the new address proved itself.
        given().auth().oauth2(access).get("/auth/me").then().body("email", equalTo(old));
        passwordLogin(replacement, Api.PASSWORD).then().statusCode(401);
        passwordLogin(old, Api.PASSWORD).then().statusCode(200);

        String token = verifyToken(replacement, 1);
        verify(token).then().statusCode(200).body("email", equalTo(replacement)).body("emailChanged", equalTo(true));
        given().auth().oauth2(access).get("/auth/me").then().body("email", equalTo(replacement)).body("emailVerified", equalTo(true));
        passwordLogin(replacement, Api.PASSWORD).then().statusCode(200);
        passwordLogin(old, Api.PASSWORD).then().statusCode(401);

        MimeMessage notice = Lifecycle.awaitMail(old, m -> GreenMailResource.text(m).contains(replacement));
        assertTrue(GreenMailResource.text(notice).contains(replacement), GreenMailResource.text(notice));
        assertFalse(GreenMailResource.linkIn(notice).isPresent());
    }

    @Test
    void changeEmailWhenPasswordWrongOrAddressTakenThenRefused() {
        String email = Api.uniqueEmail();
        Api.register(email, Api.PASSWORD);
        String access = Api.login(email, Api.PASSWORD);
        String taken = Api.uniqueEmail();
        Api.register(taken, Api.PASSWORD);
        Lifecycle.changeEmail(access, Api.uniqueEmail(), "Wrong-Password-000", null).then().statusCode(403)
                .body("type", equalTo(PROBLEM + "current-password-wrong"));
        Lifecycle.changeEmail(access, taken, Api.PASSWORD, null).then().statusCode(409).body("type", equalTo(PROBLEM + "email-taken"));
        Lifecycle.changeEmail(access, email, Api.PASSWORD, null).then().statusCode(400);
        Lifecycle.changeEmail(access, "no address", Api.PASSWORD, null).then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("newEmail", Api.uniqueEmail())).post("/auth/email/change").then().statusCode(401);
    }

    @Test
    void changeEmailWhenMfaOnThenTheCodeIsNeeded() {
        MfaApi.Enrolled person = MfaApi.enrolled();
        String replacement = Api.uniqueEmail();
        Lifecycle.changeEmail(person.token(), replacement, Api.PASSWORD, null).then().statusCode(403)
                .body("type", equalTo(PROBLEM + "mfa-code-required"));
        Lifecycle.changeEmail(person.token(), replacement, Api.PASSWORD, person.code(1)).then().statusCode(202);
        assertEquals(1, awaitMails(replacement, 1).size());
    }

    @Test
    void changeEmailWhenAnotherAccountTakesTheAddressFirstThenTheLinkIsRefused() {
        String email = Api.uniqueEmail();
        Api.register(email, Api.PASSWORD);
        String replacement = Api.uniqueEmail();
        Lifecycle.changeEmail(Api.login(email, Api.PASSWORD), replacement, Api.PASSWORD, null).then().statusCode(202);
        String token = verifyToken(replacement, 1);
        Api.register(replacement, Api.PASSWORD);
        verify(token).then().statusCode(409).body("type", equalTo(PROBLEM + "email-taken"));
        passwordLogin(email, Api.PASSWORD).then().statusCode(200);
    }

    @Test
    void resendWhenAddressUnverifiedThenANewLinkWhichWorks() {
        String email = Api.uniqueEmail();
        Api.register(email, Api.PASSWORD);
        awaitMails(email, 1);
        Lifecycle.resend(email).then().statusCode(202).body("status", equalTo("accepted"));
        String second = verifyToken(email, 2);
        verify(second).then().statusCode(200);
        // Verified: a resend mails nothing more, and the answer is the same as ever.
        Lifecycle.resend(email).then().statusCode(202).body("status", equalTo("accepted"));
        Lifecycle.resend(Api.uniqueEmail()).then().statusCode(202).body("status", equalTo("accepted"));
        forgot(email);
        resetToken(email, 1);
        assertEquals(2, GreenMailResource.mailsTo(Lifecycle.smtp(), email).stream()
                .filter(m -> GreenMailResource.linkIn(m).orElse("").contains("/verify?")).count(), "no third verification link");
    }

    @Test
    void registerWhenReaderPrefersGermanThenTheMailIsGerman() throws Exception {
        String email = Api.uniqueEmail();
        given().contentType(ContentType.JSON).header("Accept-Language", "de-CH, en;q=0.5")
                .body(Map.of("email", email, "password", Api.PASSWORD)).post("/auth/register").then().statusCode(201);
        MimeMessage mail = awaitMails(email, 1).get(0);
        assertTrue(mail.getSubject().startsWith("Bestätigen Sie"), mail.getSubject());
        assertTrue(GreenMailResource.html(mail).contains("lang=\"de\""), GreenMailResource.html(mail));
        // Mails sent later (a reset asked for in English) still come in the reader's language from the account when none is asked.
        given().contentType(ContentType.JSON).body(Map.of("email", email)).post("/auth/password/forgot").then().statusCode(202);
        assertTrue(Lifecycle.awaitLinkMail(email, "/reset", 1).getSubject().contains("zurück"));
    }

    @Test
    void adminWhenSendingAResetMailThenTheOwnerGetsTheLinkAndTheAdminNothing() {
        String email = Api.uniqueEmail();
        String id = Api.register(email, Api.PASSWORD);
        String admin = Api.newAdminToken();
        Response r = given().auth().oauth2(admin).post("/admin/accounts/" + id + "/password-reset");
        assertEquals(202, r.statusCode());
        assertFalse(r.body().asString().contains("token"));
        String token = resetToken(email, 1);
        reset(token, Lifecycle.NEW_PASSWORD, null, null).then().statusCode(204);
        given().auth().oauth2(admin).post("/admin/accounts/" + java.util.UUID.randomUUID() + "/password-reset").then().statusCode(404);
        given().auth().oauth2(Api.newUserToken()).post("/admin/accounts/" + id + "/password-reset").then().statusCode(403);
        assertEquals(1, TestDatabase.queryLong(
                "SELECT count(*) FROM audit_event WHERE account_id = ?::uuid AND type = 'PASSWORD_RESET_REQUESTED'", id));
    }

    private static String newApiKey(String accessToken) {
        return given().auth().oauth2(accessToken).contentType(ContentType.JSON)
                .body(Map.of("name", "deploy", "scopes", List.of("openid"), "expiresIn", 3600))
                .post("/auth/api-keys").then().statusCode(201).extract().path("key");
    }

    private static int meWithKey(String key) {
        return given().header("Authorization", "Bearer " + key).get("/auth/me").then().extract().statusCode();
    }

    @Test
    void resetWhenTheAddressWasNeverProvenThenTheSquattersKeysAndPasskeysGo() {
        // Someone registers the victim's address without its mailbox, and attaches a key and a passkey.
        String email = Api.uniqueEmail();
        Api.register(email, Api.PASSWORD);
        String squatter = Api.login(email, Api.PASSWORD);
        String key = newApiKey(squatter);
        dev.gatehouse.passkey.PasskeyApi.register(squatter, dev.gatehouse.passkey.PasskeyApi.authenticator(), "squatter's key");
        assertEquals(200, meWithKey(key));
        // The mailbox's owner takes the account back with a reset.
        forgot(email);
        reset(resetToken(email, 1), Lifecycle.NEW_PASSWORD, null, null).then().statusCode(204);
        assertEquals(401, meWithKey(key));
        String owner = Api.login(email, Lifecycle.NEW_PASSWORD);
        given().auth().oauth2(owner).get("/auth/passkeys").then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void resetWhenTheAddressWasProvenThenKeysAreRevokedAndPasskeysStay() {
        String email = Api.uniqueEmail();
        Api.register(email, Api.PASSWORD);
        verify(verifyToken(email, 1)).then().statusCode(200);
        String access = Api.login(email, Api.PASSWORD);
        String key = newApiKey(access);
        dev.gatehouse.passkey.PasskeyApi.register(access, dev.gatehouse.passkey.PasskeyApi.authenticator(), "my laptop");
        forgot(email);
        reset(resetToken(email, 1), Lifecycle.NEW_PASSWORD, null, null).then().statusCode(204);
        assertEquals(401, meWithKey(key));
        given().auth().oauth2(Api.login(email, Lifecycle.NEW_PASSWORD)).get("/auth/passkeys").then().body("size()", equalTo(1));
    }

    @Test
    void resetWhenANewerLinkWasSentThenTheOlderOneIsVoid() {
        String email = Api.uniqueEmail();
        Api.register(email, Api.PASSWORD);
        forgot(email);
        String older = resetToken(email, 1);
        forgot(email);
        String newer = resetToken(email, 2);
        reset(older, Lifecycle.NEW_PASSWORD, null, null).then().statusCode(400).body("type", equalTo(PROBLEM + "token-invalid"));
        reset(newer, Lifecycle.NEW_PASSWORD, null, null).then().statusCode(204);
    }

    @Test
    void resetWhenTheAddressChangedAfterTheLinkWasSentThenTheOldMailboxCannotUseIt() {
        String old = Api.uniqueEmail();
        Api.register(old, Api.PASSWORD);
        forgot(old);
        String resetLink = resetToken(old, 1);
        String replacement = Api.uniqueEmail();
        Lifecycle.changeEmail(Api.login(old, Api.PASSWORD), replacement, Api.PASSWORD, null).then().statusCode(202);
        verify(verifyToken(replacement, 1)).then().statusCode(200);
        reset(resetLink, Lifecycle.NEW_PASSWORD, null, null).then().statusCode(400).body("type", equalTo(PROBLEM + "token-invalid"));
        passwordLogin(replacement, Api.PASSWORD).then().statusCode(200);
    }

    @Test
    void resetWhenAnEmailChangeIsPendingThenItsLinkIsVoid() {
        Lifecycle.PendingChange pending = Lifecycle.accountWithPendingChange();
        String email = pending.email();
        String changeLink = pending.changeLink();
        forgot(email);
        reset(resetToken(email, 1), Lifecycle.NEW_PASSWORD, null, null).then().statusCode(204);
        verify(changeLink).then().statusCode(400).body("type", equalTo(PROBLEM + "token-invalid"));
        passwordLogin(email, Lifecycle.NEW_PASSWORD).then().statusCode(200);
    }

    private static io.restassured.response.Response changePassword(String access, String current, String replacement) {
        return given().auth().oauth2(access).contentType(ContentType.JSON)
                .body(Map.of("currentPassword", current, "newPassword", replacement)).post("/auth/password");
    }

    @Test
    void passwordChangeWhenAnEmailChangeIsPendingThenItsLinkIsVoid() {
        // An intruder with a stolen session asks to move the account to their address; the owner changes the password.
        Lifecycle.PendingChange pending = Lifecycle.accountWithPendingChange();
        String email = pending.email();
        String intruder = pending.intruder();
        String changeLink = pending.changeLink();
        changePassword(Api.login(email, Api.PASSWORD), Api.PASSWORD, Lifecycle.NEW_PASSWORD).then().statusCode(204);
        verify(changeLink).then().statusCode(400).body("type", equalTo(PROBLEM + "token-invalid"));
        passwordLogin(email, Lifecycle.NEW_PASSWORD).then().statusCode(200);
        passwordLogin(intruder, Lifecycle.NEW_PASSWORD).then().statusCode(401);
    }

    @Test
    void passwordChangeWhenAResetLinkIsOutThenItIsVoidAndAVerificationLinkStays() {
        String email = Api.uniqueEmail();
        Api.register(email, Api.PASSWORD);
        forgot(email);
        String resetLink = resetToken(email, 1);
        changePassword(Api.login(email, Api.PASSWORD), Api.PASSWORD, Lifecycle.NEW_PASSWORD).then().statusCode(204);
        reset(resetLink, "Another-Fresh-Lantern-5521", null, null).then().statusCode(400).body("type", equalTo(PROBLEM + "token-invalid"));
        passwordLogin(email, Lifecycle.NEW_PASSWORD).then().statusCode(200);
        // Proving the address is something the owner asked for at sign-up: that link still works.
        verify(verifyToken(email, 1), Lifecycle.NEW_PASSWORD, null).then().statusCode(200);
    }

    private static String refreshTokenOf(String email, String password) {
        return passwordLogin(email, password).then().statusCode(200).extract().path("refresh_token");
    }

    private static int refresh(String refreshToken) {
        return given().contentType(ContentType.URLENC).formParam("refresh_token", refreshToken).post("/auth/refresh")
                .then().extract().statusCode();
    }

    @Test
    void resetWhenTheAddressWasNeverProvenThenTheSquattersSecondFactorGoesAndIsNotAsked() {
        // The squatter turned TOTP on an address they cannot read: the owner's reset must not need their code.
        MfaApi.Enrolled squatter = MfaApi.enrolled();
        String key = newApiKey(squatter.token());
        forgot(squatter.email());
        String token = resetToken(squatter.email(), 1);
        reset(token, Lifecycle.NEW_PASSWORD, null, null).then().statusCode(204);
        assertEquals(401, meWithKey(key));
        assertEquals(401, Api.meStatus(squatter.token()));
        // The owner signs in with the password alone: the squatter's authenticator and backup codes are gone.
        String owner = passwordLogin(squatter.email(), Lifecycle.NEW_PASSWORD).then().statusCode(200).extract().path("access_token");
        given().auth().oauth2(owner).get("/auth/me").then().body("mfa.totp", equalTo(false)).body("mfa.backupCodesLeft", equalTo(0))
                .body("emailVerified", equalTo(true));
    }

    @Test
    void verifyWhenConfirmedWithoutSessionThenThePasswordAndCodeAreNeededAndNothingGoes() {
        // Someone who knows the password but not the code asks for a new link; the owner follows it
        // in a mail app, signed in nowhere. The link alone proves the mailbox, not the account: it
        // needs the account's password and, with TOTP on, a code. And it takes no factor away.
        MfaApi.Enrolled owner = MfaApi.enrolled();
        String key = newApiKey(owner.token());
        Lifecycle.resend(owner.email()).then().statusCode(202);
        String link = Lifecycle.liveVerifyToken(owner.email(), 2);
        Lifecycle.verifyWithLinkAlone(link).then().statusCode(403).body("type", equalTo(PROBLEM + "confirmation-required"));
        verify(link).then().statusCode(403).body("type", equalTo(PROBLEM + "mfa-code-required"));
        verify(link, "Not-The-Password-4417", owner.code(0)).then().statusCode(403).body("type", equalTo(PROBLEM + "current-password-wrong"));
        given().auth().oauth2(owner.token()).get("/auth/me").then().statusCode(200).body("emailVerified", equalTo(false));

        verify(link, Api.PASSWORD, owner.code(1)).then().statusCode(200).body("emailVerified", equalTo(true));
        passwordLogin(owner.email(), Api.PASSWORD).then().statusCode(403).body("mfa_token", org.hamcrest.Matchers.notNullValue());
        given().auth().oauth2(owner.token()).get("/auth/me").then().statusCode(200).body("mfa.totp", equalTo(true))
                .body("emailVerified", equalTo(true));
        assertEquals(200, meWithKey(key));
    }

    @Test
    void verifyWhenTheMailboxOwnerFollowsASquattersLinkThenTheAddressStaysUnproven() {
        // Someone registered the owner's address with a password of their own. The owner gets the
        // sign-up mail and follows it: without that password the link must not make the account a
        // verified one (which the owner's Google sign-in would then join, password and all).
        String email = Api.uniqueEmail();
        Api.register(email, Api.PASSWORD);
        String link = verifyToken(email, 1);
        Lifecycle.verifyWithLinkAlone(link).then().statusCode(403).body("type", equalTo(PROBLEM + "confirmation-required"));
        verify(link, "Owners-Own-Password-8812", null).then().statusCode(403).body("type", equalTo(PROBLEM + "current-password-wrong"));
        given().auth().oauth2(Api.login(email, Api.PASSWORD)).get("/auth/me").then().body("emailVerified", equalTo(false));
        // The way the page offers instead: a reset through the same mailbox, which proves the address and sweeps.
        forgot(email);
        reset(resetToken(email, 1), Lifecycle.NEW_PASSWORD, null, null).then().statusCode(204);
        passwordLogin(email, Api.PASSWORD).then().statusCode(401);
        given().auth().oauth2(Api.login(email, Lifecycle.NEW_PASSWORD)).get("/auth/me").then().body("emailVerified", equalTo(true));
    }

    @Test
    void verifyWhenWrongPasswordsReachTheLockoutThenTheRightOneIsRefusedTooAndTheLinkStays() {
        // The password way is a login's guess: same lockout (shared with sign-in), no oracle past it.
        String email = Api.uniqueEmail();
        Api.register(email, Api.PASSWORD);
        String link = verifyToken(email, 1);
        for (int i = 0; i < 5; i++) {
            verify(link, "Wrong-Password-" + i, null).then().statusCode(403).body("type", equalTo(PROBLEM + "current-password-wrong"));
        }
        verify(link, Api.PASSWORD, null).then().statusCode(403).body("type", equalTo(PROBLEM + "current-password-wrong"));
        passwordLogin(email, Api.PASSWORD).then().statusCode(401);
        given().queryParam("token", link).get("/verify").then().statusCode(200);
    }

    @Test
    void verifyWhenTheBearerIsAnApiKeyOfTheAccountThenItIsNotTheAccountsSession() {
        String email = Api.uniqueEmail();
        Api.register(email, Api.PASSWORD);
        String key = newApiKey(Api.login(email, Api.PASSWORD));
        String link = verifyToken(email, 1);
        int status = given().header("Authorization", "Bearer " + key).contentType(ContentType.JSON).body(Map.of("token", link))
                .post("/auth/email/verify").then().extract().statusCode();
        assertEquals(403, status);
        given().queryParam("token", link).get("/verify").then().statusCode(200);
    }

    @Test
    void changeEmailWhenTheNewAddressesOwnerFollowsTheLinkWithoutTheAccountThenNothingMoves() {
        // Someone asks to move their own account to the victim's address; the victim follows the
        // link. Without the account's session or password the address must not become theirs.
        String attacker = Api.uniqueEmail();
        Api.register(attacker, Api.PASSWORD);
        String access = Api.login(attacker, Api.PASSWORD);
        String victim = Api.uniqueEmail();
        Lifecycle.changeEmail(access, victim, Api.PASSWORD, null).then().statusCode(202);
        String link = verifyToken(victim, 1);
        Lifecycle.verifyWithLinkAlone(link).then().statusCode(403).body("type", equalTo(PROBLEM + "confirmation-required"));
        given().auth().oauth2(Api.newUserToken()).contentType(ContentType.JSON).body(Map.of("token", link))
                .post("/auth/email/verify").then().statusCode(403).body("type", equalTo(PROBLEM + "confirmation-required"));
        verify(link, "Victims-Guess-Password-1", null).then().statusCode(403);
        given().auth().oauth2(access).get("/auth/me").then().body("email", equalTo(attacker));
        passwordLogin(victim, Api.PASSWORD).then().statusCode(401);
        // The account's own session confirms it (the link was untouched by the refusals).
        given().auth().oauth2(access).contentType(ContentType.JSON).body(Map.of("token", link))
                .post("/auth/email/verify").then().statusCode(200).body("emailChanged", equalTo(true));
    }

    @Test
    void verifyWhenTheAccountsHolderConfirmsSignedInThenNothingGoes() {
        String email = Api.uniqueEmail();
        Api.register(email, Api.PASSWORD);
        String access = Api.login(email, Api.PASSWORD);
        String session = refreshTokenOf(email, Api.PASSWORD);
        dev.gatehouse.passkey.PasskeyApi.register(access, dev.gatehouse.passkey.PasskeyApi.authenticator(), "my laptop");
        given().auth().oauth2(access).contentType(ContentType.JSON).body(Map.of("token", verifyToken(email, 1)))
                .post("/auth/email/verify").then().statusCode(200).body("emailVerified", equalTo(true));
        given().auth().oauth2(access).get("/auth/me").then().statusCode(200).body("emailVerified", equalTo(true));
        given().auth().oauth2(access).get("/auth/passkeys").then().body("size()", equalTo(1));
        assertEquals(200, refresh(session));
    }

    @Test
    void verifyWhenSignedInAsAnotherAccountThenRefusedAndNeitherAccountLosesAnything() {
        String email = Api.uniqueEmail();
        Api.register(email, Api.PASSWORD);
        String holder = Api.login(email, Api.PASSWORD);
        String other = Api.newUserToken();
        String link = verifyToken(email, 1);
        given().auth().oauth2(other).contentType(ContentType.JSON).body(Map.of("token", link))
                .post("/auth/email/verify").then().statusCode(403).body("type", equalTo(PROBLEM + "confirmation-required"));
        assertEquals(200, Api.meStatus(holder));
        assertEquals(200, Api.meStatus(other));
        given().auth().oauth2(holder).contentType(ContentType.JSON).body(Map.of("token", link))
                .post("/auth/email/verify").then().statusCode(200);
    }
}
