package dev.gatehouse.session;

import dev.gatehouse.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SECURITY-CASES 28-32: the web-session cookie, fixation, logout, cross-site requests, the session list. */
@QuarkusTest
class BrowserSessionTest {

    private static final String COOKIE = SessionCookies.NAME;

    private static Response browserLogin(String email) {
        return given().contentType(ContentType.URLENC).header(SessionCookies.CSRF_HEADER, "fetch")
                .formParam("username", email).formParam("password", Api.PASSWORD)
                .formParam("session", "cookie").post("/auth/login").then().statusCode(200).extract().response();
    }

    private static Response cookieRefresh(String cookie, String origin) {
        var req = given().cookie(COOKIE, cookie).header(SessionCookies.CSRF_HEADER, "fetch");
        if (origin != null) {
            req = req.header("Origin", origin);
        }
        return req.post("/auth/refresh");
    }

    @Test
    void loginWhenCookieSessionThenHostPrefixedSecureHttpOnlyLaxCookieAndNoRefreshTokenInBody() {
        Response r = browserLogin(Sessions.newAccount());
        r.then().body("refresh_token", nullValue()).body("access_token", notNullValue());
        String header = r.header("Set-Cookie");
        assertTrue(header.startsWith(COOKIE + "="), header);
        for (String attribute : List.of("Secure", "HttpOnly", "Path=/", "SameSite=Lax")) {
            assertTrue(header.contains(attribute), "cookie lacks " + attribute + ": " + header);
        }
        assertFalse(header.toLowerCase().contains("domain="), header);
        assertEquals(43, r.getCookie(COOKIE).length(), "at least 128 bits (here 256) of randomness");
    }

    @Test
    void loginWhenRepeatedThenNewSessionIdEachTime() {
        String email = Sessions.newAccount();
        String before = browserLogin(email).getCookie(COOKIE);
        String after = given().cookie(COOKIE, before).contentType(ContentType.URLENC).header(SessionCookies.CSRF_HEADER, "fetch")
                .formParam("username", email).formParam("password", Api.PASSWORD).formParam("session", "cookie")
                .post("/auth/login").then().statusCode(200).extract().cookie(COOKIE);
        assertNotEquals(before, after);
    }

    @Test
    void refreshWhenCookieAndCustomHeaderThenNewAccessTokenAndRotatedCookie() {
        String cookie = browserLogin(Sessions.newAccount()).getCookie(COOKIE);
        Response r = cookieRefresh(cookie, "http://localhost:8081");
        r.then().statusCode(200).body("access_token", notNullValue()).body("refresh_token", nullValue());
        String rotated = r.getCookie(COOKIE);
        assertNotEquals(cookie, rotated);
        cookieRefresh(rotated, null).then().statusCode(200);
    }

    @Test
    void refreshWhenCrossSiteThenForbidden() {
        String cookie = browserLogin(Sessions.newAccount()).getCookie(COOKIE);
        // No custom header: what a cross-site form post looks like.
        given().cookie(COOKIE, cookie).contentType(ContentType.URLENC).post("/auth/refresh")
                .then().statusCode(403).body("type", equalTo("urn:gatehouse:problem:cross-site-request"));
        cookieRefresh(cookie, "https://evil.example").then().statusCode(403);
        // The refused attempts did not use the cookie up.
        cookieRefresh(cookie, null).then().statusCode(200);
    }

    @Test
    void logoutWhenCookieThenCookieClearedAndSessionEnded() {
        String cookie = browserLogin(Sessions.newAccount()).getCookie(COOKIE);
        String cleared = given().cookie(COOKIE, cookie).header(SessionCookies.CSRF_HEADER, "fetch").post("/auth/logout")
                .then().statusCode(204).extract().header("Set-Cookie");
        assertTrue(cleared.contains("Max-Age=0"), cleared);
        cookieRefresh(cookie, null).then().statusCode(400).body("error", equalTo("invalid_grant"));
    }

    @Test
    void logoutWhenCookieWithoutCustomHeaderThenForbidden() {
        String cookie = browserLogin(Sessions.newAccount()).getCookie(COOKIE);
        given().cookie(COOKIE, cookie).post("/auth/logout").then().statusCode(403);
        cookieRefresh(cookie, null).then().statusCode(200);
    }

    @Test
    void logoutWhenNeitherTokenNorCookieThenUnauthorized() {
        given().post("/auth/logout").then().statusCode(401);
    }

    @Test
    void sessionsWhenListedThenCurrentMarkedAndOthersEndable() {
        String email = Sessions.newAccount();
        Response browser = browserLogin(email);
        Response cli = Sessions.loginPair(email);
        String access = cli.path("access_token");
        given().auth().oauth2(access).get("/auth/sessions").then().statusCode(200)
                .body("$", hasSize(2))
                .body("find { it.current }.type", equalTo("token"))
                .body("find { !it.current }.type", equalTo("browser"))
                .body("[0].address", notNullValue());
        String browserSession = given().auth().oauth2(access).get("/auth/sessions").path("find { !it.current }.id");
        given().auth().oauth2(access).delete("/auth/sessions/" + browserSession).then().statusCode(204);
        cookieRefresh(browser.getCookie(COOKIE), null).then().statusCode(400);
        given().auth().oauth2(access).get("/auth/sessions").then().body("$", hasSize(1));
    }

    @Test
    void sessionsWhenEndingSomeoneElsesThenNotFound() {
        String mine = Sessions.loginPair(Sessions.newAccount()).path("access_token");
        String theirs = Sessions.loginPair(Sessions.newAccount()).path("access_token");
        String theirSession = given().auth().oauth2(theirs).get("/auth/sessions").path("[0].id");
        given().auth().oauth2(mine).delete("/auth/sessions/" + theirSession).then().statusCode(404);
        given().auth().oauth2(mine).delete("/auth/sessions/not-a-uuid").then().statusCode(404);
        given().auth().oauth2(theirs).get("/auth/sessions").then().body("$", hasSize(1));
    }

    @Test
    void sessionsWhenAnonymousThenUnauthorized() {
        given().get("/auth/sessions").then().statusCode(401).header("WWW-Authenticate", containsString("Bearer"));
    }
}
