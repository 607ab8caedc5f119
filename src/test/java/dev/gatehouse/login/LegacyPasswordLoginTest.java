package dev.gatehouse.login;

import dev.gatehouse.Api;
import dev.gatehouse.account.AccountFixtures;
import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Login against legacy and odd stored hashes, and passwords typed in another Unicode form (issue 9, items 2a and 3). */
@QuarkusTest
class LegacyPasswordLoginTest {

    /** Made by Python's bcrypt ($2b$, its default) for "correctbatteryhorsestapler". */
    private static final String PYTHON_2B = "$2b$04$EGdrhbKUv8Oc9vGiXX0HQOxSg445d458Muh7DAHskb6QbtCvdxcie";

    @Inject
    AccountFixtures fixtures;

    /** A login whose form is UTF-8 (RestAssured would send ISO-8859-1, which has no combining marks). */
    private static void login(String email, String password) {
        given().contentType("application/x-www-form-urlencoded; charset=UTF-8")
                .formParam("username", email).formParam("password", password)
                .post("/auth/login").then().statusCode(200);
    }

    @Test
    void loginWhenBcrypt2bHashThenAcceptedAndUpgraded() {
        String email = Api.uniqueEmail();
        UUID id = fixtures.createWithHash(email, PYTHON_2B);
        Api.login(email, "correctbatteryhorsestapler");
        assertThat(fixtures.storedHash(id), startsWith("$argon2id$"));
        Api.login(email, "correctbatteryhorsestapler");
    }

    @Test
    void loginWhenStoredHashMalformedThenSameAnswerAsWrongPassword() {
        String known = Api.uniqueEmail();
        Api.register(known, Api.PASSWORD);
        String wrong = LoginResourceTest.attempt(known, "Wrong-Password-123").then().statusCode(401).extract().asString();
        for (String hash : new String[]{"$2b$10$short", "$2a$99$abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz0", "$2x$04$"
                + "a".repeat(53), "$argon2id$v=19$m=999999999,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA", "nonsense"}) {
            String email = Api.uniqueEmail();
            UUID id = fixtures.createWithHash(email, hash);
            LoginResourceTest.attempt(email, Api.PASSWORD).then().statusCode(401).body("error", equalTo("invalid_grant"));
            assertEquals(wrong, LoginResourceTest.attempt(email, "Wrong-Password-123").asString());
            assertEquals(hash, fixtures.storedHash(id));
        }
    }

    @Test
    void loginWhenPasswordLongerThan72BytesAndBcryptPrefixMatchesThenRefusedAndHashKept() {
        String prefix = "Quiet-Harbor-7391-".repeat(4); // 72 bytes
        String email = Api.uniqueEmail();
        String bcrypt = BcryptUtil.bcryptHash(prefix, 4);
        UUID id = fixtures.createWithHash(email, bcrypt);
        LoginResourceTest.attempt(email, prefix + "whatever-follows").then().statusCode(401).body("error", equalTo("invalid_grant"));
        // Not rehashed from the truncated match: the owner's real password still works, and is what gets upgraded.
        assertEquals(bcrypt, fixtures.storedHash(id));
        Api.login(email, prefix);
        assertThat(fixtures.storedHash(id), startsWith("$argon2id$"));
    }

    @Test
    void loginWhenPasswordTypedDecomposedThenAccepted() {
        String email = Api.uniqueEmail();
        Api.register(email, "Cr\u00e8me-Br\u00fbl\u00e9e-7391");
        login(email, "Cre\u0300me-Bru\u0302le\u0301e-7391");
        login(email, "Cr\u00e8me-Br\u00fbl\u00e9e-7391");
    }

    @Test
    void loginWhenHashPredatesNormalisationThenAcceptedAndRehashedInNormalForm() {
        String typed = "\uff31uiet-Harbor-\u2167-7391";
        String email = Api.uniqueEmail();
        String legacy = Password.hash(typed).addRandomSalt(16)
                .with(Argon2Function.getInstance(19456, 2, 1, 32, Argon2.ID, 19)).getResult();
        UUID id = fixtures.createWithHash(email, legacy);
        login(email, typed);
        assertThat(fixtures.storedHash(id), not(equalTo(legacy)));
        // The new hash is of the normal form, so the plain spelling works too.
        login(email, "Quiet-Harbor-VIII-7391");
        login(email, typed);
    }
}
