package dev.gatehouse.common;

import dev.gatehouse.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Absolute URLs come from GATEHOUSE_ISSUER, never from the request: here the issuer is
 * https://auth.example.test and requests arrive over plain HTTP (as from a TLS-terminating proxy)
 * with a forged {@code Host} and forwarded headers.
 */
@QuarkusTest
@TestProfile(HttpsIssuerProfile.class)
class AbsoluteUrlsTest {

    static final String ISSUER = HttpsIssuerProfile.ISSUER;
    static final String[] FORGED = {"Host", "evil.example", "X-Forwarded-Host", "evil.example", "X-Forwarded-Proto", "http",
            "Forwarded", "host=evil.example;proto=http"};

    static io.restassured.specification.RequestSpecification forged() {
        io.restassured.specification.RequestSpecification r = given().redirects().follow(false);
        for (int i = 0; i < FORGED.length; i += 2) {
            r.header(FORGED[i], FORGED[i + 1]);
        }
        return r;
    }

    @Test
    void hostedLoginSubmitWhenHostHeaderForgedThenRedirectBuiltFromIssuer() {
        String email = Api.uniqueEmail();
        Api.register(email, Api.PASSWORD);
        Response page = given().get("/login");
        String cookie = page.getCookie("__Host-gatehouse-csrf");
        Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(page.asString());
        assertTrue(m.find());
        Response r = forged().cookie("__Host-gatehouse-csrf", cookie).contentType("application/x-www-form-urlencoded")
                .formParam("username", email).formParam("password", Api.PASSWORD).formParam("csrf", m.group(1))
                .post("/login");
        assertEquals(303, r.statusCode(), r.asString());
        assertEquals(ISSUER + "/login/signed-in", r.getHeader("Location"));
    }

    @Test
    void registerWhenHostHeaderForgedThenLocationBuiltFromIssuer() {
        Response r = forged().contentType("application/json")
                .body(Map.of("email", Api.uniqueEmail(), "password", Api.PASSWORD)).post("/auth/register");
        assertEquals(201, r.statusCode(), r.asString());
        assertEquals(ISSUER + "/auth/me", r.getHeader("Location"));
    }

    @Test
    void socialLoginWhenHostHeaderForgedThenCallbackRedirectBuiltFromIssuer() {
        Response r = forged().get("/auth/social/google/login");
        assertEquals(303, r.statusCode(), r.asString());
        assertEquals(ISSUER + "/auth/social/google/callback", r.getHeader("Location"));
    }

    /** Behind a TLS-terminating proxy quarkus-oidc would say http://, and any Host the request named. */
    @Test
    void socialChallengeWhenPlainHttpRequestWithForgedHostThenRedirectUriIsIssuerCallback() {
        for (String provider : new String[] {"google", "github"}) {
            Response r = forged().get("/auth/social/" + provider + "/callback");
            assertEquals(302, r.statusCode(), r.asString());
            assertEquals(ISSUER + "/auth/social/" + provider + "/callback", query(r.getHeader("Location")).get("redirect_uri"));
        }
    }

    @Test
    void socialCallbackWhenProviderErrorAndHostForgedThenHostedPageUnderIssuer() {
        Response start = forged().get("/auth/social/google/callback");
        String state = query(start.getHeader("Location")).get("state");
        String stateCookie = start.getCookies().keySet().stream().filter(n -> n.startsWith("q_auth_google")).findFirst().orElseThrow();
        Response r = forged().cookie(stateCookie, start.getCookie(stateCookie))
                .get("/auth/social/google/callback?error=access_denied&state=" + state);
        assertEquals(303, r.statusCode(), r.asString());
        assertTrue(r.getHeader("Location").startsWith(ISSUER + "/login?error="), r.getHeader("Location"));
    }

    static Map<String, String> query(String url) {
        return Arrays.stream(URI.create(url).getRawQuery().split("&")).map(kv -> kv.split("=", 2))
                .collect(Collectors.toMap(kv -> kv[0], kv -> URLDecoder.decode(kv[1], StandardCharsets.UTF_8), (a, b) -> a));
    }
}
