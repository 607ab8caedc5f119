package dev.gatehouse.page;

import dev.gatehouse.Api;
import dev.gatehouse.HttpBrowser;
import dev.gatehouse.TestAddresses;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.http.HttpResponse;
import java.util.Map;

import static dev.gatehouse.page.Pages.csrf;
import static dev.gatehouse.page.Pages.form;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Case 69 for sign-up: limited per client address and per target e-mail, on the page and the API alike. */
@QuarkusTest
@TestProfile(SignupLimitsProfile.class)
class SignupLimitsTest {

    @TestHTTPResource("/")
    URL root;

    HttpBrowser browser() {
        String s = root.toString();
        return new HttpBrowser(s.substring(0, s.length() - 1));
    }

    static String randomAddress() {
        return TestAddresses.fresh();
    }

    private HttpResponse<String> signup(HttpBrowser b, String email, String address) {
        return b.postForm("/signup", form("csrf", csrf(b), "email", email, "password", Api.PASSWORD), "X-Forwarded-For", address);
    }

    @Test
    void signupWhenOverAddressLimitThenTooManyPage() {
        HttpBrowser b = browser();
        String address = randomAddress();
        assertEquals(303, signup(b, Api.uniqueEmail(), address).statusCode());
        assertEquals(303, signup(browser(), Api.uniqueEmail(), address).statusCode());
        HttpResponse<String> third = signup(browser(), Api.uniqueEmail(), address);
        assertEquals(429, third.statusCode());
        assertTrue(third.headers().firstValue("Retry-After").isPresent());
        assertTrue(third.body().contains("Too many attempts"), third.body());
    }

    @Test
    void signupWhenOverTargetEmailLimitFromManyAddressesThenTooMany() {
        String email = Api.uniqueEmail();
        assertEquals(303, signup(browser(), email, randomAddress()).statusCode());
        assertEquals(409, signup(browser(), email, randomAddress()).statusCode());
        // Same address in another spelling: one normal form keys the limit.
        assertEquals(429, signup(browser(), email.toUpperCase(java.util.Locale.ROOT), randomAddress()).statusCode());
    }

    @Test
    void registerWhenOverTargetEmailLimitFromManyAddressesThen429() {
        String email = Api.uniqueEmail();
        for (int expected : new int[] {201, 409, 429}) {
            given().header("X-Forwarded-For", randomAddress()).contentType(ContentType.JSON)
                    .body(Map.of("email", email, "password", Api.PASSWORD)).post("/auth/register").then().statusCode(expected);
        }
    }
}
