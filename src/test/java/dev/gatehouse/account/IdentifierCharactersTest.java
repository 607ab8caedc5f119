package dev.gatehouse.account;

import dev.gatehouse.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Identifiers refuse invisible and control characters (issue 9, items 2b and 13a): no look-alike
 * second account, no control character reaching the database, one generic answer at login.
 */
@QuarkusTest
class IdentifierCharactersTest {

    /** Zero-width space, bidi override, soft hyphen, BOM, U+0001, NUL, line separator, word joiner, an unassigned code point, a lone surrogate, a variation selector. */
    static final List<String> INVISIBLE = List.of("\u200b", "\u202e", "\u00ad", "\ufeff", "\u0001", "\u0000", "\u2028", "\u2060",
            "\u0378", "\ud800", "\ufe0f", "\u200d", "\u034f", "\u3164");

    private static final String FORM_UTF8 = "application/x-www-form-urlencoded; charset=UTF-8";

    private static Response register(String email, String displayName) {
        Map<String, Object> body = new HashMap<>(Map.of("email", email, "password", Api.PASSWORD));
        if (displayName != null) {
            body.put("displayName", displayName);
        }
        return given().contentType(ContentType.JSON).body(body).post("/auth/register");
    }

    @Test
    void registerWhenEmailHasInvisibleOrControlCharacterThenBadRequestNamingRule() {
        String victim = Api.uniqueEmail();
        Api.register(victim, Api.PASSWORD);
        for (String c : INVISIBLE) {
            // At either end, whitespace (U+2028 is) is trimmed like any other, which leaves the victim's own address: 409.
            List<String> lookAlikes = Character.isWhitespace(c.codePointAt(0))
                    ? List.of(victim.replace("@", c + "@"), victim.substring(0, 3) + c + victim.substring(3))
                    : List.of(c + victim, victim.replace("@", c + "@"), victim.substring(0, 3) + c + victim.substring(3), victim + c);
            for (String lookAlike : lookAlikes) {
                register(lookAlike, null).then().statusCode(400).contentType("application/problem+json")
                        .body("rule", equalTo("email_invalid_character"));
            }
        }
    }

    @Test
    void loginWhenUsernameHasInvisibleOrControlCharacterThenSameAnswerAsUnknownAccount() {
        String victim = Api.uniqueEmail();
        Api.register(victim, Api.PASSWORD);
        String unknown = given().contentType(FORM_UTF8).formParam("username", Api.uniqueEmail()).formParam("password", Api.PASSWORD)
                .post("/auth/login").then().statusCode(401).extract().asString();
        for (String c : INVISIBLE) {
            Response r = given().contentType(FORM_UTF8).formParam("username", victim.replace("@", c + "@"))
                    .formParam("password", Api.PASSWORD).post("/auth/login");
            r.then().statusCode(401).body("error", equalTo("invalid_grant"));
            assertEquals(unknown, r.asString(), "U+" + Integer.toHexString(c.codePointAt(0)));
        }
    }

    @Test
    void registerWhenDisplayNameHasControlCharacterOrBidiOverrideThenBadRequestNamingRule() {
        for (String name : List.of("Ann\u0000", "Ann\u0007", "\u202eevil", "Ann\u2066x\u2069", "Ann\u2028Smith", "\ud800")) {
            register(Api.uniqueEmail(), name).then().statusCode(400).body("rule", equalTo("display_name_invalid_character"));
        }
        // Joiners stay: emoji sequences and many scripts need them.
        register(Api.uniqueEmail(), "Ann \ud83d\udc69\u200d\ud83d\udcbb").then().statusCode(201);
    }
}
