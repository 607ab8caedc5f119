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
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> GreenMailResource.mailsTo(smtp, recipient).size() >= count);
        return GreenMailResource.mailsTo(smtp, recipient);
    }

    /** The token of the link in the {@code n}-th mail (1-based) to {@code recipient}, waiting for it. */
    public static String tokenOfMail(String recipient, int n) {
        return GreenMailResource.tokenIn(awaitMails(recipient, n).get(n - 1)).orElseThrow();
    }

    public static int mailCount(String recipient) {
        return GreenMailResource.mailsTo(smtp(), recipient).size();
    }

    public static Response verify(String token) {
        return given().contentType(ContentType.JSON).body(new HashMap<>(Map.of("token", token))).post("/auth/email/verify");
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
