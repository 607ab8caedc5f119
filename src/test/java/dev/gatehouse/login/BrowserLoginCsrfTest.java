package dev.gatehouse.login;

import dev.gatehouse.Api;
import dev.gatehouse.session.SessionCookies;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/**
 * SECURITY-CASES 78 (login CSRF): {@code POST /auth/login} with {@code session=cookie} follows the
 * cookie refresh's rule, so a cross-site form cannot sign a victim's browser into the attacker's account.
 */
@QuarkusTest
class BrowserLoginCsrfTest {

    private String email;

    @BeforeEach
    void account() {
        email = Api.uniqueEmail();
        Api.register(email, Api.PASSWORD);
    }

    private RequestSpecification cookieLogin() {
        return given().contentType(ContentType.URLENC).formParam("username", email)
                .formParam("password", Api.PASSWORD).formParam("session", "cookie");
    }

    @Test
    void loginWhenCookieSessionWithoutCustomHeaderThenForbiddenAndNoCookie() {
        // What a cross-site form post looks like: no custom header, and no Origin either (older browsers, some redirects).
        cookieLogin().post("/auth/login").then().statusCode(403)
                .header("Set-Cookie", nullValue())
                .body("type", equalTo("urn:gatehouse:problem:cross-site-request"))
                .body("access_token", nullValue());
        cookieLogin().header("Origin", "http://localhost:8081").post("/auth/login").then().statusCode(403)
                .header("Set-Cookie", nullValue());
    }

    @Test
    void loginWhenCookieSessionFromForeignOriginThenForbiddenAndNoCookie() {
        for (String origin : new String[] {"https://evil.example", "null", "http://localhost:8081.evil.example"}) {
            cookieLogin().header(SessionCookies.CSRF_HEADER, "fetch").header("Origin", origin).post("/auth/login")
                    .then().statusCode(403).header("Set-Cookie", nullValue());
        }
        // An origin CORS lets read answers is not thereby allowed to start a cookie session.
        cookieLogin().header(SessionCookies.CSRF_HEADER, "fetch").header("Origin", "https://app.example.com")
                .post("/auth/login").then().statusCode(403).header("Set-Cookie", nullValue());
    }

    @Test
    void loginWhenCookieSessionWithCustomHeaderAndAllowedOrNoOriginThenCookie() {
        cookieLogin().header(SessionCookies.CSRF_HEADER, "fetch").header("Origin", "http://localhost:8081")
                .post("/auth/login").then().statusCode(200)
                .cookie(SessionCookies.NAME, notNullValue()).body("access_token", notNullValue());
        cookieLogin().header(SessionCookies.CSRF_HEADER, "fetch").post("/auth/login").then().statusCode(200)
                .cookie(SessionCookies.NAME, notNullValue());
    }

    @Test
    void loginWhenNoCookieSessionThenNoCrossSiteCheck() {
        // Mobile apps, CLIs and scripts send neither header; they get no cookie, so there is nothing to forge.
        given().contentType(ContentType.URLENC).formParam("username", email).formParam("password", Api.PASSWORD)
                .post("/auth/login").then().statusCode(200).header("Set-Cookie", nullValue())
                .body("refresh_token", notNullValue());
    }
}
