package dev.gatehouse.login;

import dev.gatehouse.Api;
import dev.gatehouse.account.AccountFixtures;
import dev.gatehouse.account.AccountService;
import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Login rules that need a look inside: stored hashes, the dummy verification. */
@QuarkusTest
class LoginServiceTest {

    @Inject
    AccountFixtures fixtures;
    @Inject
    AccountService accounts;
    @Inject
    MeterRegistry registry;

    @Test
    void loginWhenLegacyBcryptHashAndRightPasswordThenUpgradedToArgon2id() {
        String email = Api.uniqueEmail();
        UUID id = fixtures.createWithHash(email, BcryptUtil.bcryptHash(Api.PASSWORD, 10));
        Api.login(email, Api.PASSWORD);
        String stored = fixtures.storedHash(id);
        assertThat(stored, startsWith("$argon2id$v=19$m=19456,t=2,p=1$"));
        // And the upgraded hash works.
        Api.login(email, Api.PASSWORD);
    }

    @Test
    void loginWhenLegacyBcryptHashAndWrongPasswordThenHashUnchanged() {
        String email = Api.uniqueEmail();
        String bcrypt = BcryptUtil.bcryptHash(Api.PASSWORD, 10);
        UUID id = fixtures.createWithHash(email, bcrypt);
        LoginResourceTest.attempt(email, "Wrong-Password-123").then().statusCode(401);
        assertEquals(bcrypt, fixtures.storedHash(id));
    }

    @Test
    void loginWhenArgon2HashWeakerThanConfiguredThenUpgraded() {
        String email = Api.uniqueEmail();
        String weak = Password.hash(Api.PASSWORD).addRandomSalt(16)
                .with(Argon2Function.getInstance(4096, 1, 1, 32, Argon2.ID, 19)).getResult();
        UUID id = fixtures.createWithHash(email, weak);
        Api.login(email, Api.PASSWORD);
        assertThat(fixtures.storedHash(id), startsWith("$argon2id$v=19$m=19456,t=2,p=1$"));
    }

    @Test
    void loginWhenUnknownUserThenADummyHashIsVerified() {
        double before = completedHashJobs();
        LoginResourceTest.attempt(Api.uniqueEmail(), Api.PASSWORD).then().statusCode(401);
        // One argon2id verification ran to the end on the hashing pool, not only a call that was counted.
        assertEquals(before + 1, completedHashJobs());
    }

    @Test
    void loginWhenAccountDisabledThenSameAnswerAsWrongPasswordAfterFullVerification() {
        String email = Api.uniqueEmail();
        String id = Api.register(email, Api.PASSWORD);
        accounts.setActive(UUID.fromString(id), false);
        double before = completedHashJobs();
        var disabled = LoginResourceTest.attempt(email, Api.PASSWORD);
        assertEquals(before + 1, completedHashJobs());
        var wrong = LoginResourceTest.attempt(email, "Wrong-Password-123");
        assertEquals(before + 2, completedHashJobs());
        disabled.then().statusCode(401);
        assertEquals(wrong.asString(), disabled.asString());
        assertEquals(LoginResourceTest.headers(wrong), LoginResourceTest.headers(disabled));
    }

    /**
     * Hash jobs that ran to the end on the hashing pool. Counted inside the job, after the hash
     * work, so a path that skips the verification (or only counts it) leaves it unchanged.
     */
    private double completedHashJobs() {
        return registry.get("gatehouse.password.hashing.completed").counter().count();
    }
}
