package dev.gatehouse.oidc;

import dev.gatehouse.Api;
import dev.gatehouse.lifecycle.Lifecycle;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A reset that is the first proof of an address (a pre-hijacked account taken back) removes the
 * consents given before it, as it removes the registrant's other traces; a reset of a proven
 * address keeps them.
 */
@QuarkusTest
class ConsentSweepTest {

    private static void consent(UUID accountId) {
        QuarkusTransaction.requiringNew().run(() -> {
            Consent c = new Consent();
            c.id = new Consent.Key(accountId, "rp-third-party");
            c.scopes = "openid email";
            c.grantedAt = Instant.now();
            c.persist();
        });
    }

    private static long consents(UUID accountId) {
        return QuarkusTransaction.requiringNew().call(() -> Consent.count("id.accountId", accountId));
    }

    private static void reset(String email) {
        Lifecycle.forgot(email).then().statusCode(202);
        Lifecycle.reset(Lifecycle.resetToken(email, 1), Lifecycle.NEW_PASSWORD, null, null).then().statusCode(204);
    }

    @Test
    void resetWhenAddressWasNeverProvenThenConsentsGo() {
        String email = Api.uniqueEmail();
        UUID id = UUID.fromString(Api.register(email, Api.PASSWORD));
        consent(id);
        reset(email);
        assertEquals(0, consents(id));
    }

    @Test
    void resetWhenAddressWasProvenThenConsentsStay() {
        String email = Api.uniqueEmail();
        UUID id = UUID.fromString(Api.register(email, Api.PASSWORD));
        Lifecycle.proveSignedIn(email, Api.login(email, Api.PASSWORD));
        consent(id);
        reset(email);
        assertEquals(1, consents(id));
    }
}
