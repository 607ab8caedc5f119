package dev.gatehouse.oidc;

import dev.gatehouse.HttpBrowser;
import dev.gatehouse.keys.KeyTypesProfile;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static dev.gatehouse.oidc.OidcFlows.SESSION;
import static dev.gatehouse.oidc.OidcFlows.signedInBrowser;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A stock relying party (Node's openid-client, src/test/node/oidc-rp/rp.mjs) registered with
 * {@code id_token_signed_response_alg} EdDSA, ES256 or PS256 (issue 14, item 4): it discovers
 * Gatehouse, runs the code flow and validates the ID token from the JWKS, accepting only the
 * algorithm its metadata names. Every algorithm enabled ({@link KeyTypesProfile}).
 */
@QuarkusTest
@TestProfile(KeyTypesProfile.class)
class IdTokenAlgorithmNodeTest {

    static final String ISSUER = "http://localhost:8081";

    @TestHTTPResource("/")
    URL root;

    @BeforeAll
    static void npmCi() throws Exception {
        OpenIdClientNodeTest.npmCi();
    }

    @Test
    void openidClientWhenRegisteredEdDsaEs256OrPs256ThenValidatesTheIdTokenOfThatAlg() throws Exception {
        for (String alg : List.of("EdDSA", "ES256", "PS256")) {
            String id = "rp-" + UUID.randomUUID().toString().substring(0, 8);
            Response r = IdTokenAlgorithmTest.registerRaw(id, "CONFIDENTIAL", Map.of("id_token_signed_response_alg", alg,
                    "redirectUris", List.of("https://rp.example.com/cb"), "postLogoutRedirectUris", List.of("https://rp.example.com/bye")));
            assertEquals(201, r.statusCode(), r.asString());
            JsonPath result = run(id, r.path("clientSecret"), alg);
            assertEquals(alg, result.getString("idTokenAlg"));
            assertEquals(id, result.getString("aud"));
            assertTrue(result.getBoolean("nonce"));
            assertEquals(result.getString("sub"), result.getString("userinfoSub"));
        }
    }

    @Test
    void openidClientWhenExpectingRs256ButRegisteredEdDsaThenRefusesTheIdToken() throws Exception {
        // The control: the same stock RP, its metadata saying RS256, refuses the EdDSA ID token (it checks the alg
        // when told one; without metadata openid-client takes any alg the discovery document lists).
        String id = "rp-" + UUID.randomUUID().toString().substring(0, 8);
        Response r = IdTokenAlgorithmTest.registerRaw(id, "CONFIDENTIAL", Map.of("id_token_signed_response_alg", "EdDSA"));
        assertEquals(201, r.statusCode(), r.asString());
        Process node = start(id, r.path("clientSecret"), "RS256");
        assertTrue(node.waitFor(60, TimeUnit.SECONDS), "rp.mjs did not finish");
        assertNotEquals(0, node.exitValue());
    }

    private Process start(String id, String secret, String alg) throws Exception {
        HttpBrowser b = signedInBrowser(root.toString().replaceAll("/$", ""));
        ProcessBuilder pb = new ProcessBuilder("node", "rp.mjs", ISSUER, id, "https://rp.example.com/cb", b.cookie(SESSION), secret)
                .directory(OpenIdClientNodeTest.RP.toFile()).redirectErrorStream(true)
                .redirectOutput(Files.createTempFile("oidc-rp-alg", ".out").toFile());
        if (alg != null) {
            pb.environment().put("ID_TOKEN_ALG", alg);
        }
        return pb.start();
    }

    private JsonPath run(String id, String secret, String alg) throws Exception {
        HttpBrowser b = signedInBrowser(root.toString().replaceAll("/$", ""));
        Path out = Files.createTempFile("oidc-rp-alg", ".out");
        ProcessBuilder pb = new ProcessBuilder("node", "rp.mjs", ISSUER, id, "https://rp.example.com/cb", b.cookie(SESSION), secret)
                .directory(OpenIdClientNodeTest.RP.toFile()).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().put("ID_TOKEN_ALG", alg);
        Process node = pb.start();
        assertTrue(node.waitFor(60, TimeUnit.SECONDS), "rp.mjs did not finish");
        String printed = Files.readString(out).trim();
        assertEquals(0, node.exitValue(), alg + ": " + printed);
        return JsonPath.from(printed.substring(printed.lastIndexOf('\n') + 1));
    }
}
