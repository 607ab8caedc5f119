package dev.gatehouse.lifecycle;

import com.icegreen.greenmail.util.GreenMail;
import dev.gatehouse.mail.GreenMailResource;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.mail.internet.MimeMessage;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/** The lifecycle API as a client calls it, and the mailbox as its owner reads it; shared by the tests and their *IT twins. */
public final class Lifecycle {

    public static final String NEW_PASSWORD = "Brand-New-Lantern-4410";

    private Lifecycle() {
    }

    public static GreenMail smtp() {
        return GreenMailResource.server();
    }

    /** Waits (the sender works after the commit, on its own thread) until {@code recipient} has {@code count} mails; returns them. */
    public static List<MimeMessage> awaitMails(String recipient, int count) {
        return awaitMails(smtp(), recipient, count);
    }

    public static List<MimeMessage> awaitMails(GreenMail smtp, String recipient, int count) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> GreenMailResource.mailsTo(smtp, recipient).size() >= count);
        return GreenMailResource.mailsTo(smtp, recipient);
    }

    /**
     * The {@code n}-th mail (1-based, in arrival order) to {@code recipient} whose link goes to
     * {@code page} ({@code /verify} or {@code /reset}), waiting for it. Mails of different kinds may
     * arrive in any order (a retried one comes later), so tests pick them by their link.
     */
    public static MimeMessage awaitLinkMail(GreenMail smtp, String recipient, String page, int n) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> linkMails(smtp, recipient, page).size() >= n);
        return linkMails(smtp, recipient, page).get(n - 1);
    }

    public static MimeMessage awaitLinkMail(String recipient, String page, int n) {
        return awaitLinkMail(smtp(), recipient, page, n);
    }

    private static List<MimeMessage> linkMails(GreenMail smtp, String recipient, String page) {
        return GreenMailResource.mailsTo(smtp, recipient).stream()
                .filter(m -> GreenMailResource.linkIn(m).map(l -> l.contains(page + "?token=")).orElse(false)).toList();
    }

    /** The token of the {@code n}-th verification (or e-mail change) link mailed to {@code recipient}. */
    public static String verifyToken(String recipient, int n) {
        return GreenMailResource.tokenIn(awaitLinkMail(recipient, "/verify", n)).orElseThrow();
    }

    /**
     * The one live verification link among the first {@code n} mailed to {@code recipient} (after a
     * resend, the newer link replaced the older; the two mails may arrive in either order).
     */
    public static String liveVerifyToken(String recipient, int n) {
        awaitLinkMail(smtp(), recipient, "/verify", n);
        List<String> live = linkMails(smtp(), recipient, "/verify").stream().map(m -> GreenMailResource.tokenIn(m).orElseThrow())
                .filter(t -> given().queryParam("token", t).get("/verify").statusCode() == 200).toList();
        if (live.size() != 1) {
            throw new AssertionError(live.size() + " live verification links for " + recipient);
        }
        return live.get(0);
    }

    /** The token of the {@code n}-th password-reset link mailed to {@code recipient}. */
    public static String resetToken(String recipient, int n) {
        return GreenMailResource.tokenIn(awaitLinkMail(recipient, "/reset", n)).orElseThrow();
    }

    /** The first mail to {@code recipient} that {@code matches}, waiting for it. */
    public static MimeMessage awaitMail(String recipient, java.util.function.Predicate<MimeMessage> matches) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> GreenMailResource.mailsTo(smtp(), recipient).stream().anyMatch(matches));
        return GreenMailResource.mailsTo(smtp(), recipient).stream().filter(matches).findFirst().orElseThrow();
    }

    /** How many password-reset links {@code recipient} got so far. */
    public static int resetCount(String recipient) {
        return linkMails(smtp(), recipient, "/reset").size();
    }

    public static int mailCount(String recipient) {
        return GreenMailResource.mailsTo(smtp(), recipient).size();
    }

    /** The holder follows the link signed in nowhere, with the account's password ({@link dev.gatehouse.Api#PASSWORD}). */
    public static Response verify(String token) {
        return verify(token, dev.gatehouse.Api.PASSWORD, null);
    }

    /** Follows the link with {@code password} (and {@code otp}, may be null), signed in nowhere. */
    public static Response verify(String token, String password, String otp) {
        Map<String, Object> body = new HashMap<>();
        body.put("token", token);
        body.put("password", password);
        body.put("otp", otp);
        return given().contentType(ContentType.JSON).body(body).post("/auth/email/verify");
    }

    /** Follows the link with nothing but the link: no session, no password. */
    public static Response verifyWithLinkAlone(String token) {
        return given().contentType(ContentType.JSON).body(new HashMap<>(Map.of("token", token))).post("/auth/email/verify");
    }

    /** An account ({@code email}) whose move to {@code intruder}'s address waits for {@code changeLink}, asked for with its password. */
    public record PendingChange(String email, String intruder, String changeLink) {
    }

    /** A new account with a pending e-mail change to a new address (as an intruder with a stolen session would ask for). */
    public static PendingChange accountWithPendingChange() {
        String email = dev.gatehouse.Api.uniqueEmail();
        dev.gatehouse.Api.register(email, dev.gatehouse.Api.PASSWORD);
        String intruder = dev.gatehouse.Api.uniqueEmail();
        changeEmail(dev.gatehouse.Api.login(email, dev.gatehouse.Api.PASSWORD), intruder, dev.gatehouse.Api.PASSWORD, null)
                .then().statusCode(202);
        return new PendingChange(email, intruder, verifyToken(intruder, 1));
    }

    /** The account's holder, signed in ({@code accessToken}), confirms its first verification link: nothing is swept. */
    public static void proveSignedIn(String email, String accessToken) {
        given().auth().oauth2(accessToken).contentType(ContentType.JSON).body(Map.of("token", verifyToken(email, 1)))
                .post("/auth/email/verify").then().statusCode(200);
    }

    public static Response forgot(String email) {
        return given().contentType(ContentType.JSON).body(Map.of("email", email)).post("/auth/password/forgot");
    }

    public static Response resend(String email) {
        return given().contentType(ContentType.JSON).body(Map.of("email", email)).post("/auth/email/resend");
    }

    public static Response reset(String token, String newPassword, String otp, String backupCode) {
        Map<String, Object> body = new HashMap<>();
        body.put("token", token);
        body.put("newPassword", newPassword);
        if (otp != null) {
            body.put("otp", otp);
        }
        if (backupCode != null) {
            body.put("backupCode", backupCode);
        }
        return given().contentType(ContentType.JSON).body(body).post("/auth/password/reset");
    }

    public static Response changeEmail(String accessToken, String newEmail, String currentPassword, String otp) {
        Map<String, Object> body = new HashMap<>();
        body.put("newEmail", newEmail);
        body.put("currentPassword", currentPassword);
        if (otp != null) {
            body.put("otp", otp);
        }
        return given().auth().oauth2(accessToken).contentType(ContentType.JSON).body(body).post("/auth/email/change");
    }

    public static Response passwordLogin(String email, String password) {
        return given().contentType(ContentType.URLENC).formParam("grant_type", "password")
                .formParam("username", email).formParam("password", password).post("/auth/login");
    }
}
