package dev.gatehouse.protection;

import dev.gatehouse.Api;
import dev.gatehouse.TestAddresses;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.notNullValue;

/** SECURITY-CASES 38, per account: spreading attempts over many addresses does not get past the account's limit. */
@QuarkusTest
@TestProfile(AccountLimitProfile.class)
class AccountLimitTest {

    @Test
    void loginWhenOverAccountLimitFromManyAddressesThen429() {
        String email = Api.uniqueEmail();
        given().header("X-Forwarded-For", TestAddresses.fresh()).contentType(ContentType.JSON)
                .body(java.util.Map.of("email", email, "password", Api.PASSWORD)).post("/auth/register").then().statusCode(201);
        for (int i = 0; i < 4; i++) {
            given().header("X-Forwarded-For", TestAddresses.fresh())
                    .contentType(ContentType.URLENC).formParam("username", email).formParam("password", "Wrong-" + i + "-Password")
                    .post("/auth/login").then().statusCode(401);
        }
        given().header("X-Forwarded-For", TestAddresses.fresh()).contentType(ContentType.URLENC)
                .formParam("username", email.toUpperCase()).formParam("password", Api.PASSWORD)
                .post("/auth/login").then().statusCode(429).header("Retry-After", notNullValue());
    }

    @Test
    void loginWhenWidthAndCaseVariantsOfOneAddressThenTheyShareOneLimit() {
        String local = "w" + java.util.UUID.randomUUID().toString().substring(0, 8);
        String email = local + "@example.com";
        given().header("X-Forwarded-For", TestAddresses.fresh()).contentType(ContentType.JSON)
                .body(java.util.Map.of("email", email, "password", Api.PASSWORD)).post("/auth/register").then().statusCode(201);
        // Full-width letters (NFKC folds them) and upper case: the same account, so the same limit.
        String fullWidth = local.chars().mapToObj(c -> Character.isLetterOrDigit(c) && c < 128
                ? String.valueOf((char) (c - 0x21 + 0xFF01)) : String.valueOf((char) c)).collect(java.util.stream.Collectors.joining())
                + "@EXAMPLE.com";
        String[] variants = {email, fullWidth, email.toUpperCase(), " " + fullWidth + " "};
        for (String variant : variants) {
            given().header("X-Forwarded-For", TestAddresses.fresh())
                    .contentType("application/x-www-form-urlencoded; charset=UTF-8").formParam("username", variant).formParam("password", "Wrong-Password-x1")
                    .post("/auth/login").then().statusCode(401);
        }
        given().header("X-Forwarded-For", TestAddresses.fresh()).contentType("application/x-www-form-urlencoded; charset=UTF-8")
                .formParam("username", fullWidth).formParam("password", Api.PASSWORD)
                .post("/auth/login").then().statusCode(429);
    }
}
