package dev.gatehouse.token;

import dev.gatehouse.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Introspection (RFC 7662), revocation (RFC 7009) and the revocation feed, for service clients. */
@QuarkusTest
class TokenResourceTest {

    private static RequestSpecification client() {
        return given().auth().preemptive().basic("resource-server", "rs-secret-for-tests-only").contentType(ContentType.URLENC);
    }

    private static Response introspect(String token) {
        return client().formParam("token", token).post("/oauth2/introspect");
    }

    private static Map<String, Object> loginPair() {
        String email = Api.uniqueEmail();
        Api.register(email, Api.PASSWORD);
        return given().contentType(ContentType.URLENC).formParam("username", email).formParam("password", Api.PASSWORD)
                .post("/auth/login").then().statusCode(200).extract().as(Map.class);
    }

    @Test
    void introspectWhenNoOrWrongClientCredentialsThenInvalidClient() {
        String token = Api.newUserToken();
        given().contentType(ContentType.URLENC).formParam("token", token).post("/oauth2/introspect")
                .then().statusCode(401).body("error", equalTo("invalid_client"));
        given().auth().preemptive().basic("resource-server", "wrong").contentType(ContentType.URLENC)
                .formParam("token", token).post("/oauth2/introspect").then().statusCode(401);
        given().auth().preemptive().basic("nobody", "rs-secret-for-tests-only").contentType(ContentType.URLENC)
                .formParam("token", token).post("/oauth2/introspect").then().statusCode(401);
    }

    @Test
    void introspectWhenActiveAccessTokenThenClaims() {
        Map<String, Object> pair = loginPair();
        introspect((String) pair.get("access_token")).then().statusCode(200)
                .header("Cache-Control", "no-store")
                .body("active", equalTo(true))
                .body("token_type", equalTo("access_token"))
                .body("scope", equalTo("openid profile email"))
                .body("iss", equalTo("http://localhost:8081"));
    }

    @Test
    void introspectWhenRevokedExpiredOrForeignThenInactive() {
        String token = Api.newUserToken();
        given().auth().oauth2(token).post("/auth/logout").then().statusCode(204);
        introspect(token).then().statusCode(200).body("active", equalTo(false)).body("$", not(org.hamcrest.Matchers.hasKey("sub")));
        introspect("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.").then().body("active", equalTo(false));
        introspect("garbage").then().body("active", equalTo(false));
        client().post("/oauth2/introspect").then().statusCode(400).body("error", equalTo("invalid_request"));
    }

    @Test
    void introspectWhenRefreshTokenThenActiveUntilUsed() {
        Map<String, Object> pair = loginPair();
        String refresh = (String) pair.get("refresh_token");
        introspect(refresh).then().body("active", equalTo(true)).body("token_type", equalTo("refresh_token"));
        given().contentType(ContentType.URLENC).formParam("refresh_token", refresh).post("/auth/refresh").then().statusCode(200);
        introspect(refresh).then().body("active", equalTo(false));
    }

    @Test
    void revokeWhenAccessTokenThenRefusedEverywhere() {
        String token = Api.newUserToken();
        client().formParam("token", token).post("/oauth2/revoke").then().statusCode(200);
        assertEquals(401, Api.meStatus(token));
        // Unknown tokens: 200 all the same (RFC 7009 section 2.2).
        client().formParam("token", "unknown-token").post("/oauth2/revoke").then().statusCode(200);
    }

    @Test
    void revokeWhenRefreshTokenThenFamilyEnds() {
        Map<String, Object> pair = loginPair();
        client().formParam("token", pair.get("refresh_token")).formParam("token_type_hint", "refresh_token")
                .post("/oauth2/revoke").then().statusCode(200);
        given().contentType(ContentType.URLENC).formParam("refresh_token", pair.get("refresh_token")).post("/auth/refresh")
                .then().statusCode(400);
        assertEquals(401, Api.meStatus((String) pair.get("access_token")));
    }

    @Test
    void feedWhenTokensRevokedThenListedOnceAfterCursor() {
        String start = given().auth().preemptive().basic("resource-server", "rs-secret-for-tests-only")
                .get("/auth/revocations").then().statusCode(200).extract().path("next_cursor");
        String token = Api.newUserToken();
        given().auth().oauth2(token).post("/auth/logout").then().statusCode(204);
        String other = Api.newUserToken();
        given().auth().oauth2(other).post("/auth/logout-all").then().statusCode(204);
        Response page = given().auth().preemptive().basic("resource-server", "rs-secret-for-tests-only")
                .queryParam("since", start).get("/auth/revocations");
        page.then().statusCode(200);
        List<String> jtis = page.path("revoked_tokens.jti");
        String jti = Api.jwtField(token, 1, "jti");
        assertTrue(jtis.contains(jti));
        page.then().body("account_watermarks.sub", hasItem(Api.jwtField(other, 1, "sub")));
        String next = page.path("next_cursor");
        assertTrue(Long.parseLong(next) > Long.parseLong(start));
        // Nothing new after the cursor: it stays put (entries of the last minute may be sent again,
        // see RevocationFeedLookbackTest).
        given().auth().preemptive().basic("resource-server", "rs-secret-for-tests-only")
                .queryParam("since", next).get("/auth/revocations")
                .then().statusCode(200).body("next_cursor", org.hamcrest.Matchers.equalTo(next));
    }

    @Test
    void feedWhenNoClientOrBadCursorThenRefused() {
        given().get("/auth/revocations").then().statusCode(401);
        given().auth().preemptive().basic("resource-server", "rs-secret-for-tests-only").queryParam("since", "abc")
                .get("/auth/revocations").then().statusCode(400);
        given().auth().preemptive().basic("resource-server", "rs-secret-for-tests-only").queryParam("since", "-1")
                .get("/auth/revocations").then().statusCode(400);
    }

}
