package dev.gatehouse.mail;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.gatehouse.Api;
import dev.gatehouse.TestDatabase;
import dev.gatehouse.common.TestClock;
import dev.gatehouse.lifecycle.Lifecycle;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A mail server that is down never loses what a request did: the mail waits, sealed, and goes out once the server is back. */
@QuarkusTest
class MailOutboxTest {

    @Inject
    MailSender sender;

    @AfterEach
    void restore() {
        TestClock.reset();
        if (!GreenMailResource.server().isRunning()) {
            GreenMailResource.server().start();
        }
    }

    @Test
    void sendWhenSmtpServerDownThenTheRequestSucceedsAndTheMailGoesOutLater() {
        TestClock.freeze(java.time.Instant.now());
        GreenMail smtp = GreenMailResource.server();
        smtp.stop();
        String email = Api.uniqueEmail();
        String id = Api.register(email, Api.PASSWORD);
        // The account exists and signs in; its mail waits in the outbox, sealed.
        Api.login(email, Api.PASSWORD);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                TestDatabase.queryLong("SELECT count(*) FROM mail_outbox WHERE recipient = ? AND attempts >= 1", email) == 1);
        String sealed = TestDatabase.queryStrings("SELECT sealed FROM mail_outbox WHERE recipient = ?", email).get(0);
        assertFalse(sealed.contains("token="), "the outbox holds the link sealed, never in clear");
        assertFalse(sealed.contains(email));

        smtp.start();
        // Not before the retry is due (the clock stands still): nothing is sent.
        sender.sendDue();
        assertEquals(0, GreenMailResource.mailsTo(smtp, email).size());
        // Moving the clock past the retry lets a round send it (again, if one try meets a stalled connection).
        for (int round = 0; round < 20 && GreenMailResource.mailsTo(smtp, email).isEmpty(); round++) {
            TestClock.advance(Duration.ofMinutes(1));
            sender.sendDue();
        }
        String token = GreenMailResource.tokenIn(Lifecycle.awaitMails(email, 1).get(0)).orElseThrow();
        Lifecycle.verify(token).then().statusCode(200);
        assertEquals(0, TestDatabase.queryLong("SELECT count(*) FROM mail_outbox WHERE recipient = ?", email));
        assertTrue(id != null);
    }

    @Test
    void sendWhenTriesRunOutThenTheMailIsGivenUpAndErased() {
        GreenMail smtp = GreenMailResource.server();
        smtp.stop();
        String email = Api.uniqueEmail();
        Api.register(email, Api.PASSWORD);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                TestDatabase.queryLong("SELECT count(*) FROM mail_outbox WHERE recipient = ? AND attempts >= 1", email) == 1);
        for (int i = 0; i < 12; i++) {
            TestClock.advance(Duration.ofHours(1).plusSeconds(1));
            sender.sendDue();
        }
        assertEquals(1, TestDatabase.queryLong(
                "SELECT count(*) FROM mail_outbox WHERE recipient = ? AND failed_at IS NOT NULL AND sealed = ''", email));
        smtp.start();
        TestClock.advance(Duration.ofHours(2));
        sender.sendDue();
        assertEquals(0, GreenMailResource.mailsTo(smtp, email).size());
    }
}
