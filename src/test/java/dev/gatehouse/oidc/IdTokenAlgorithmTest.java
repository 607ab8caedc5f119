package dev.gatehouse.oidc;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import dev.gatehouse.Api;
import dev.gatehouse.HttpBrowser;
import dev.gatehouse.keys.KeyManager;
import dev.gatehouse.keys.KeyTypesProfile;
import dev.gatehouse.keys.SigningAlgorithm;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.OctetKeyPairJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.gatehouse.oidc.OidcFlows.*;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Per registered client (issue 14, item 4): {@code id_token_signed_response_alg} among the enabled
 * algorithms; that client's ID tokens are signed with it (its own key and kid), its access tokens
 * with the deployment's algorithm (ES256 here). Nimbus validates PS256 and ES256 ID tokens from the
 * JWKS as a relying party does (Nimbus needs Tink for Ed25519, which is not here: EdDSA is checked
 * from the JWKS with jose4j, and by Node's jose in {@code IdTokenAlgorithmNodeTest}). Unknown,
 * disabled or misplaced values are a 400 problem.
 */
@QuarkusTest
@TestProfile(KeyTypesProfile.class)
class IdTokenAlgorithmTest {

    static final String RP = "https://rp.example.com/cb";

    @TestHTTPResource("/")
    URL root;
    @Inject
    KeyManager keys;
    @Inject
    IdTokenHints hints;

    String base() {
        return root.toString().replaceAll("/$", "");
    }

    static String admin() {
        return Api.login(KeyTypesProfile.ADMIN_EMAIL, KeyTypesProfile.ADMIN_PASSWORD);
    }

    static Response registerRaw(String type, Map<String, Object> more) {
        return registerRaw("rp-" + UUID.randomUUID().toString().substring(0, 8), type, more);
    }

    static Response registerRaw(String id, String type, Map<String, Object> more) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("clientId", id);
        body.put("type", type);
        if (!"MACHINE".equals(type)) {
            body.put("redirectUris", List.of(RP));
            body.put("firstParty", true);
        }
        body.putAll(more);
        return given().auth().oauth2(admin()).contentType(ContentType.JSON).body(body).post("/admin/clients");
    }

    static Client register(Map<String, Object> more) {
        String id = "rp-" + UUID.randomUUID().toString().substring(0, 8);
        Response r = registerRaw(id, "CONFIDENTIAL", more);
        assertEquals(201, r.statusCode(), r.asString());
        return new Client(id, r.path("clientSecret"), RP);
    }

    /** A code flow for {@code client}: the token response. */
    Map<String, Object> tokens(Client client, String nonce) {
        HttpBrowser b = signedInBrowser(base());
        Pkce pkce = Pkce.create();
        String code = code(b, client, pkce, "nonce", nonce);
        Response r = exchange(client, code, pkce.verifier());
        assertEquals(200, r.statusCode(), r.asString());
        return r.jsonPath().getMap("");
    }

    String jwks() {
        return given().accept("application/jwk-set+json").get("/.well-known/jwks.json").asString();
    }

    @Test
    void idTokenWhenClientRegisteredPs256OrEs256ThenSignedSoAndNimbusValidatesIt() throws Exception {
        for (SigningAlgorithm alg : List.of(SigningAlgorithm.PS256, SigningAlgorithm.ES256, SigningAlgorithm.RS256)) {
            Client client = register(Map.of("id_token_signed_response_alg", alg.jose()));
            given().auth().oauth2(admin()).get("/admin/clients/" + client.id()).then().statusCode(200)
                    .body("idTokenSignedResponseAlg", equalTo(alg.jose()));
            String nonce = "n-" + UUID.randomUUID();
            Map<String, Object> t = tokens(client, nonce);
            String idToken = (String) t.get("id_token");
            assertEquals(alg.jose(), jwt(idToken, 0).get("alg"));
            assertEquals(keys.signingKey(alg).kid(), jwt(idToken, 0).get("kid"), alg + " ID token by the " + alg + " key");
            IDTokenValidator validator = new IDTokenValidator(new Issuer("http://localhost:8081"), new ClientID(client.id()),
                    JWSAlgorithm.parse(alg.jose()), JWKSet.parse(jwks()));
            validator.validate(SignedJWT.parse(idToken), new Nonce(nonce));
            // Access tokens follow the deployment, not the client.
            assertEquals("ES256", jwt((String) t.get("access_token"), 0).get("alg"));
            assertEquals(200, given().auth().oauth2((String) t.get("access_token")).get("/oauth2/userinfo").statusCode());
        }
    }

    @Test
    void idTokenWhenClientRegisteredEdDsaThenSignedWithTheEd25519KeyAndVerifiesFromTheJwks() throws Exception {
        Client client = register(Map.of("idTokenSignedResponseAlg", "EdDSA"));
        String nonce = "n-" + UUID.randomUUID();
        String idToken = (String) tokens(client, nonce).get("id_token");
        assertEquals("EdDSA", jwt(idToken, 0).get("alg"));
        String kid = (String) jwt(idToken, 0).get("kid");
        assertEquals(keys.signingKey(SigningAlgorithm.EdDSA).kid(), kid);
        OctetKeyPairJsonWebKey published = assertInstanceOf(OctetKeyPairJsonWebKey.class,
                new JsonWebKeySet(jwks()).findJsonWebKey(kid, null, null, null));
        JsonWebSignature jws = new JsonWebSignature();
        jws.setAlgorithmConstraints(new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, "EdDSA"));
        jws.setCompactSerialization(idToken);
        jws.setKey(published.getPublicKey());
        assertTrue(jws.verifySignature());
        assertEquals(nonce, jwt(idToken, 1).get("nonce"));
        // A good id_token_hint for RP-initiated logout (IdTokenHints takes the alg from the key too) ...
        assertEquals(client.id(), hints.read(idToken).orElseThrow().clientId());
        // ... and the same token with its header claiming ES256 is no hint.
        String[] parts = idToken.split("\\.");
        String header = new String(java.util.Base64.getUrlDecoder().decode(parts[0]), java.nio.charset.StandardCharsets.UTF_8)
                .replace("\"EdDSA\"", "\"ES256\"");
        String relabelled = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(header.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                + "." + parts[1] + "." + parts[2];
        assertTrue(hints.read(relabelled).isEmpty());
    }

    @Test
    void registerWhenIdTokenAlgUnknownNoneOrHmacThen400Problem() {
        for (String alg : List.of("HS256", "none", "es256", "ES384", "RS512", "Ed25519", "")) {
            Response r = registerRaw("CONFIDENTIAL", Map.of("id_token_signed_response_alg", alg));
            assertEquals(400, r.statusCode(), alg + ": " + r.asString());
            assertEquals("id_token_alg_invalid", r.path("rule"), r.asString());
            assertTrue(r.asString().contains("RS256, PS256, ES256, EdDSA"), r.asString());
        }
    }

    @Test
    void registerWhenIdTokenAlgNotAStringThen400NotServerError() {
        Response r = registerRaw("CONFIDENTIAL", Map.of("id_token_signed_response_alg", Map.of("alg", "ES256")));
        assertEquals(400, r.statusCode(), r.asString());
        assertFalse(r.asString().contains("java."), r.asString());
    }

    @Test
    void registerWhenMachineClientAsksForIdTokenAlgThen400() {
        Response r = registerRaw("MACHINE", Map.of("id_token_signed_response_alg", "ES256", "scopes", List.of("openid")));
        assertEquals(400, r.statusCode(), r.asString());
        assertEquals("id_token_alg_unexpected", r.path("rule"), r.asString());
    }

    @Inject
    BackchannelLogout backchannel;

    @Test
    void logoutTokenWhenClientRegisteredEdDsaThenSignedWithTheEd25519KeyToo() throws Exception {
        try (RelyingPartyStub rp = new RelyingPartyStub()) {
            String id = "rp-" + UUID.randomUUID().toString().substring(0, 8);
            Response r = registerRaw(id, "CONFIDENTIAL", Map.of("redirectUris", List.of(rp.url("/cb")),
                    "backchannelLogoutUri", rp.url("/backchannel"), "id_token_signed_response_alg", "EdDSA"));
            assertEquals(201, r.statusCode(), r.asString());
            Client client = new Client(id, r.path("clientSecret"), rp.url("/cb"));
            HttpBrowser b = signedInBrowser(base());
            Pkce pkce = Pkce.create();
            exchange(client, code(b, client, pkce), pkce.verifier()).then().statusCode(200);
            assertEquals(204, b.postForm("/auth/logout", "", "X-Requested-With", "fetch").statusCode());
            backchannel.deliverDue();
            assertEquals(1, rp.backchannel.size(), rp.backchannel.toString());
            String token = java.net.URLDecoder.decode(rp.backchannel.get(0).substring("logout_token=".length()),
                    java.nio.charset.StandardCharsets.UTF_8);
            assertEquals("EdDSA", jwt(token, 0).get("alg"));
            assertEquals("logout+jwt", jwt(token, 0).get("typ"));
            assertEquals(keys.signingKey(SigningAlgorithm.EdDSA).kid(), jwt(token, 0).get("kid"));
            JsonWebSignature jws = new JsonWebSignature();
            jws.setAlgorithmConstraints(new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, "EdDSA"));
            jws.setCompactSerialization(token);
            jws.setKey(((OctetKeyPairJsonWebKey) new JsonWebKeySet(jwks()).findJsonWebKey((String) jwt(token, 0).get("kid"), null, null, null))
                    .getPublicKey());
            assertTrue(jws.verifySignature());
        }
    }
}
