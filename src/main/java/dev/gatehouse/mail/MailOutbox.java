package dev.gatehouse.mail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.common.AesGcm;
import dev.gatehouse.common.GatehouseConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;

import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Where mails wait: {@link #enqueue} writes the mail in the caller's transaction (so it goes out
 * exactly when what it tells of committed) and the {@link MailSender} hands it to the SMTP server
 * after the commit, off the request thread, retrying while the server is away. Subject and bodies
 * are sealed with AES-GCM under a key derived from {@code GATEHOUSE_KEY_ENCRYPTION_SECRET} (a
 * mail can carry a one-time link), with the row id as associated data.
 */
@ApplicationScoped
public class MailOutbox {

    /** Fired with each mail written; the sender starts after the transaction commits. */
    public record Queued(UUID id) {
    }

    private record Sealed(String subject, String text, String html) {
    }

    private final SecretKeySpec key;
    private final ObjectMapper json;
    private final Clock clock;
    private final Event<Queued> queued;

    public MailOutbox(GatehouseConfig config, ObjectMapper json, Clock clock, Event<Queued> queued) {
        this.key = AesGcm.deriveKey(config.keyEncryptionSecret(), "gatehouse mail outbox v1");
        this.json = json;
        this.clock = clock;
        this.queued = queued;
    }

    /** Queues {@code mail} in the current transaction (one is started when there is none). */
    @Transactional
    public UUID enqueue(Mail mail) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        OutboxMail row = new OutboxMail();
        row.id = UUID.randomUUID();
        row.recipient = mail.recipient();
        try {
            row.sealed = AesGcm.seal(key, json.writeValueAsBytes(new Sealed(mail.subject(), mail.text(), mail.html())), aad(row.id));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("mail cannot be written", e);
        }
        row.nextAttemptAt = now;
        row.createdAt = now;
        row.persist();
        queued.fire(new Queued(row.id));
        return row.id;
    }

    /** The mail a row holds; null when it cannot be opened (erased, or the secret changed). */
    Mail open(OutboxMail row) {
        if (row.sealed == null || row.sealed.isEmpty()) {
            return null;
        }
        try {
            Sealed s = json.readValue(AesGcm.open(key, row.sealed, aad(row.id)), Sealed.class);
            return new Mail(row.recipient, s.subject(), s.text(), s.html());
        } catch (GeneralSecurityException | java.io.IOException e) {
            return null;
        }
    }

    private static byte[] aad(UUID id) {
        return ("mail_outbox:" + id).getBytes(StandardCharsets.UTF_8);
    }
}
