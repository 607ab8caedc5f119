package dev.gatehouse.oidc;

import dev.gatehouse.HttpBrowser;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.gatehouse.oidc.OidcFlows.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A stock relying party: Node's openid-client (src/test/node/oidc-rp/rp.mjs), configured with the
 * issuer URL, a client id and a redirect URI only, signs a person in (the SSO session of the hosted
 * page), validates the ID token, calls UserInfo, refreshes, and builds the end-session URL, which
 * logs out and returns to the client.
 */
@QuarkusTest
class OpenIdClientNodeTest {

    static final Path RP = Path.of("src/test/node/oidc-rp");
    static final String ISSUER = "http://localhost:8081";

    @TestHTTPResource("/")
    URL root;

    @BeforeAll
    static void npmCi() throws Exception {
        Path log = Path.of("target/it-logs/npm-ci-oidc-rp.log");
        Files.createDirectories(log.getParent());
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error", "--prefer-offline")
                .directory(RP.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(npm.waitFor(180, TimeUnit.SECONDS) && npm.exitValue() == 0, "npm ci failed: see " + log);
    }

    @Test
    void openidClientWhenPublicClientThenSignsInRefreshesAndLogsOut() throws Exception {
        run(register("PUBLIC", List.of("https://rp.example.com/cb"), true,
                Map.of("postLogoutRedirectUris", List.of("https://rp.example.com/bye"))));
    }

    @Test
    void openidClientWhenConfidentialClientThenSignsInWithSecretBasic() throws Exception {
        run(register("CONFIDENTIAL", List.of("https://rp.example.com/cb"), true,
                Map.of("postLogoutRedirectUris", List.of("https://rp.example.com/bye"))));
    }

    private void run(Client client) throws Exception {
        HttpBrowser b = signedInBrowser(root.toString().replaceAll("/$", ""));
        List<String> command = new java.util.ArrayList<>(List.of("node", "rp.mjs", ISSUER, client.id(), client.redirectUri(),
                b.cookie(SESSION)));
        if (client.secret() != null) {
            command.add(client.secret());
        }
        Path out = Files.createTempFile("oidc-rp", ".out");
        Process node = new ProcessBuilder(command).directory(RP.toFile()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertTrue(node.waitFor(60, TimeUnit.SECONDS), "rp.mjs did not finish");
        String printed = Files.readString(out).trim();
        assertEquals(0, node.exitValue(), printed);
        JsonPath result = JsonPath.from(printed.substring(printed.lastIndexOf('\n') + 1));
        assertEquals(client.id(), result.getString("aud"));
        assertTrue(result.getBoolean("nonce"));
        assertEquals(result.getString("sub"), result.getString("userinfoSub"));
        assertTrue(result.getString("email").endsWith("@example.com"));
        assertTrue(result.getBoolean("refreshRotated"));
        String endSession = result.getString("endSession");
        assertTrue(endSession.startsWith(ISSUER + "/oauth2/logout?"), endSession);
        HttpResponse<String> logout = b.get(endSession);
        assertEquals(303, logout.statusCode());
        assertEquals("https://rp.example.com/bye?state=bye-state", HttpBrowser.location(logout));
        assertEquals("login_required", query(HttpBrowser.location(authorize(b, request(client, Pkce.create(), "prompt", "none"))))
                .get("error"));
    }
}
