package dev.gatehouse.client;

import dev.gatehouse.Api;
import dev.gatehouse.JwksVerifier;
import dev.gatehouse.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Machine clients and the client-credentials grant (case 52). {@code ClientCredentialsIT} runs them on the jar. */
@QuarkusTest
class ClientCredentialsTest {

    private static final String ISSUER = "http://localhost:8081";
    private static final String TOKEN_ENDPOINT = ISSUER + "/oauth2/token";

    static String newClientId() {
        return "svc-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Registers a secret client; answers {clientId, secret}. */
    static String[] registerSecretClient(String admin, List<String> scopes, List<String> audiences) {
        String id = newClientId();
        String secret = given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("clientId", id, "name", "Billing worker", "scopes", scopes, "audiences", audiences))
                .post("/admin/clients").then().statusCode(201).header("Cache-Control", "no-store")
                .body("client.clientId", equalTo(id)).body("client.source", equalTo("database"))
                .extract().path("clientSecret");
        return new String[] {id, secret};
    }

    static RequestSpecification tokenRequest() {
        return given().contentType(ContentType.URLENC).formParam("grant_type", "client_credentials");
    }

    static String assertion(RsaJsonWebKey key, String clientId, String aud, long expInSeconds, String jti) throws Exception {
        JwtClaims c = new JwtClaims();
        c.setIssuer(clientId);
        c.setSubject(clientId);
        c.setAudience(aud);
        c.setJwtId(jti);
        c.setIssuedAtToNow();
        c.setExpirationTime(NumericDate.fromSeconds(NumericDate.now().getValue() + expInSeconds));
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(c.toJson());
        jws.setKey(key.getPrivateKey());
        jws.setKeyIdHeaderValue(key.getKeyId());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        return jws.getCompactSerialization();
    }

    static RequestSpecification withAssertion(String assertion) {
        return tokenRequest().formParam("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
                .formParam("client_assertion", assertion);
    }

    @Test
    void tokenWhenClientSecretBasicOrPostThenMachineTokenVerifiedByJwks() throws Exception {
        String admin = Api.newAdminToken();
        String[] client = registerSecretClient(admin, List.of("billing.read", "billing.write"), List.of("gatehouse", "billing-api"));
        assertTrue(client[1].matches("gcs_[0-9A-Za-z]{43}"));
        String stored = TestDatabase.queryStrings("SELECT secret_hash FROM clients WHERE id = ?", client[0]).get(0);
        assertTrue(stored.matches("[0-9a-f]{64}") && !stored.contains(client[1]));
        // client_secret_basic: every allowed scope and audience.
        Map<String, Object> answer = tokenRequest().auth().preemptive().basic(client[0], client[1]).post("/oauth2/token")
                .then().statusCode(200).header("Cache-Control", "no-store")
                .body("token_type", equalTo("bearer")).body("refresh_token", nullValue())
                .body("scope", equalTo("billing.read billing.write")).extract().as(Map.class);
        JwtClaims claims = JwksVerifier.forTestService("billing-api").verify((String) answer.get("access_token"));
        assertEquals(client[0], claims.getSubject());
        assertEquals(client[0], claims.getStringClaimValue("client_id"));
        assertEquals(List.of("gatehouse", "billing-api"), claims.getAudience());
        // client_secret_post, narrowed.
        String narrow = tokenRequest().formParam("client_id", client[0]).formParam("client_secret", client[1])
                .formParam("scope", "billing.read").formParam("audience", "billing-api").post("/oauth2/token")
                .then().statusCode(200).body("scope", equalTo("billing.read")).extract().path("access_token");
        JwtClaims narrowClaims = JwksVerifier.forTestService("billing-api").verify(narrow);
        assertEquals(List.of("billing-api"), narrowClaims.getAudience());
        assertEquals("billing.read", narrowClaims.getStringClaimValue("scope"));
        // A machine token is no account: Gatehouse's own account endpoints refuse it.
        given().auth().oauth2((String) answer.get("access_token")).get("/auth/me").then().statusCode(403);
        assertTrue(TestDatabase.queryLong("SELECT count(*) FROM audit_event WHERE type = 'CLIENT_CREDENTIALS' AND detail LIKE ?",
                "client " + client[0] + "%") >= 2);
    }

    /** Case 52. */
    @Test
    void tokenWhenSecretWrongClientDisabledScopeAudienceOrAssertionBadThenRefused() throws Exception {
        String admin = Api.newAdminToken();
        String[] client = registerSecretClient(admin, List.of("billing.read"), List.of("billing-api"));
        String wrong = "gcs_" + "x".repeat(43);
        tokenRequest().auth().preemptive().basic(client[0], wrong).post("/oauth2/token")
                .then().statusCode(401).header("Cache-Control", "no-store").body("error", equalTo("invalid_client"));
        tokenRequest().auth().preemptive().basic("svc-nobody", wrong).post("/oauth2/token")
                .then().statusCode(401).body("error", equalTo("invalid_client"));
        tokenRequest().auth().preemptive().basic(client[0], client[1]).formParam("scope", "billing.write").post("/oauth2/token")
                .then().statusCode(400).body("error", equalTo("invalid_scope"));
        tokenRequest().auth().preemptive().basic(client[0], client[1]).formParam("audience", "payroll-api").post("/oauth2/token")
                .then().statusCode(400).body("error", equalTo("invalid_target"));
        given().auth().oauth2(admin).post("/admin/clients/" + client[0] + "/disable").then().statusCode(200).body("enabled", equalTo(false));
        tokenRequest().auth().preemptive().basic(client[0], client[1]).post("/oauth2/token")
                .then().statusCode(401).body("error", equalTo("invalid_client"));
        // private_key_jwt (RFC 7523).
        RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
        key.setKeyId("k1");
        String jwtClient = newClientId();
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("clientId", jwtClient, "authMethod", "private_key_jwt", "scopes", List.of("billing.read"),
                        "jwks", Map.of("keys", List.of(key.toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY)))))
                .post("/admin/clients").then().statusCode(201).body("clientSecret", nullValue());
        String good = assertion(key, jwtClient, TOKEN_ENDPOINT, 60, UUID.randomUUID().toString());
        String token = withAssertion(good).post("/oauth2/token").then().statusCode(200).extract().path("access_token");
        assertEquals(jwtClient, JwksVerifier.forTestService("gatehouse").verify(token).getSubject());
        withAssertion(assertion(key, jwtClient, ISSUER, 60, UUID.randomUUID().toString())).post("/oauth2/token").then().statusCode(200);
        // Replayed (same jti), expired, wrong aud, too long a life, signed by another key: refused.
        withAssertion(good).post("/oauth2/token").then().statusCode(401).body("error", equalTo("invalid_client"));
        withAssertion(assertion(key, jwtClient, TOKEN_ENDPOINT, -120, UUID.randomUUID().toString())).post("/oauth2/token")
                .then().statusCode(401).body("error", equalTo("invalid_client"));
        withAssertion(assertion(key, jwtClient, "https://elsewhere.example.com/token", 60, UUID.randomUUID().toString())).post("/oauth2/token")
                .then().statusCode(401).body("error", equalTo("invalid_client"));
        withAssertion(assertion(key, jwtClient, TOKEN_ENDPOINT, 3600, UUID.randomUUID().toString())).post("/oauth2/token")
                .then().statusCode(401).body("error", equalTo("invalid_client"));
        RsaJsonWebKey other = RsaJwkGenerator.generateJwk(2048);
        other.setKeyId("k1");
        withAssertion(assertion(other, jwtClient, TOKEN_ENDPOINT, 60, UUID.randomUUID().toString())).post("/oauth2/token")
                .then().statusCode(401).body("error", equalTo("invalid_client"));
        // Audited, without the secret or the assertion.
        assertTrue(TestDatabase.queryLong("SELECT count(*) FROM audit_event WHERE type = 'CLIENT_CREDENTIALS_ERROR' AND detail LIKE ?",
                "client " + jwtClient + "%") >= 5);
        assertEquals(0, TestDatabase.queryLong("SELECT count(*) FROM audit_event WHERE detail LIKE ? OR detail LIKE ?",
                "%" + wrong + "%", "%" + good.substring(0, 40) + "%"));
    }

    @Test
    void rotateSecretWhenOverlapThenPreviousWorksUntilTheOverlapEnds() {
        String admin = Api.newAdminToken();
        String[] client = registerSecretClient(admin, List.of("billing.read"), List.of("gatehouse"));
        String second = given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of())
                .post("/admin/clients/" + client[0] + "/secret").then().statusCode(200).header("Cache-Control", "no-store")
                .body("client.previousSecretActive", equalTo(true)).extract().path("clientSecret");
        tokenRequest().auth().preemptive().basic(client[0], client[1]).post("/oauth2/token").then().statusCode(200);
        tokenRequest().auth().preemptive().basic(client[0], second).post("/oauth2/token").then().statusCode(200);
        String third = given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("overlapSeconds", 0))
                .post("/admin/clients/" + client[0] + "/secret").then().statusCode(200)
                .body("client.previousSecretActive", equalTo(false)).extract().path("clientSecret");
        tokenRequest().auth().preemptive().basic(client[0], client[1]).post("/oauth2/token").then().statusCode(401);
        tokenRequest().auth().preemptive().basic(client[0], second).post("/oauth2/token").then().statusCode(401);
        tokenRequest().auth().preemptive().basic(client[0], third).post("/oauth2/token").then().statusCode(200);
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("overlapSeconds", 999_999_999))
                .post("/admin/clients/" + client[0] + "/secret").then().statusCode(400).body("rule", equalTo("overlap_invalid"));
        assertEquals(2, TestDatabase.queryLong("SELECT count(*) FROM audit_event WHERE type = 'CLIENT_SECRET_ROTATED' AND detail LIKE ?",
                "%client " + client[0] + "%"));
    }

    @Test
    void listWhenServiceClientsConfiguredThenShownReadOnlyAndStillWorking() {
        String admin = Api.newAdminToken();
        given().auth().oauth2(admin).get("/admin/clients").then().statusCode(200)
                .body("findAll { it.source == 'config' }.clientId", hasItem("resource-server"));
        given().auth().oauth2(admin).post("/admin/clients/resource-server/disable").then().statusCode(409)
                .body("type", equalTo("urn:gatehouse:problem:client-read-only"));
        given().auth().oauth2(admin).get("/admin/clients/resource-server").then().statusCode(200).body("source", equalTo("config"));
        given().auth().oauth2(admin).get("/admin/clients/svc-none").then().statusCode(404);
        // Still a service client for introspection, but no token from /oauth2/token (every resource
        // server holds such a credential for the feed; a token for it would pass everywhere).
        given().auth().preemptive().basic("resource-server", "rs-secret-for-tests-only").contentType(ContentType.URLENC)
                .formParam("token", "nothing").post("/oauth2/introspect").then().statusCode(200).body("active", equalTo(false));
        tokenRequest().auth().preemptive().basic("resource-server", "rs-secret-for-tests-only").post("/oauth2/token")
                .then().statusCode(401).body("error", equalTo("invalid_client"));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("clientId", "resource-server", "scopes", List.of()))
                .post("/admin/clients").then().statusCode(409);
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("clientId", UUID.randomUUID().toString(), "scopes", List.of())).post("/admin/clients")
                .then().statusCode(400).body("rule", equalTo("client_id_invalid"));
        given().auth().oauth2(Api.newUserToken()).get("/admin/clients").then().statusCode(403);
    }

    @Test
    void tokenWhenGrantTypeUnknownMissingOrRequestMalformedThen400() {
        given().contentType(ContentType.URLENC).formParam("grant_type", "password").post("/oauth2/token")
                .then().statusCode(400).header("Cache-Control", "no-store").body("error", equalTo("unsupported_grant_type"));
        given().contentType(ContentType.URLENC).formParam("scope", "x").post("/oauth2/token")
                .then().statusCode(400).body("error", equalTo("invalid_request"));
        given().contentType(ContentType.URLENC).formParam("grant_type", "client_credentials").formParam("grant_type", "client_credentials")
                .post("/oauth2/token").then().statusCode(400).body("error", equalTo("invalid_request"));
        tokenRequest().auth().preemptive().basic("a-client", "s").formParam("client_secret", "s").post("/oauth2/token")
                .then().statusCode(400).body("error", equalTo("invalid_request"));
        tokenRequest().post("/oauth2/token").then().statusCode(401).body("error", equalTo("invalid_client"));
        tokenRequest().header("Authorization", "Basic %%%").post("/oauth2/token").then().statusCode(401).body("error", equalTo("invalid_client"));
        withAssertion("not.a.jwt").post("/oauth2/token").then().statusCode(401).body("error", startsWith("invalid_client"));
    }
}
