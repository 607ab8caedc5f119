package dev.gatehouse.oidc;

import dev.gatehouse.Api;
import dev.gatehouse.HttpBrowser;
import dev.gatehouse.RaceWindow;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.gatehouse.oidc.OidcFlows.Client;
import static dev.gatehouse.oidc.OidcFlows.Pkce;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * An authorization-code exchange in flight while the owner's reset sweeps a never-proven account
 * (its SSO browser session ends): the exchange re-checks the SSO family under the account row's
 * lock and the family row's, in the transaction that writes the client family, so no client session
 * outlives the sweep. {@link RaceWindow} runs the reset between the client's authentication and that lock.
 */
@QuarkusTest
class CodeSweepRaceTest {

    @TestHTTPResource("/")
    URL root;

    @Test
    void codeExchangeWhenTheResetEndsTheBrowserSessionBeforeTheTokensAreWrittenThenInvalidGrantAndNoSession() {
        Client client = OidcFlows.publicClient(OpenIdProviderTest.RP);
        String email = Api.uniqueEmail();
        UUID id = UUID.fromString(Api.register(email, Api.PASSWORD));
        HttpBrowser b = new HttpBrowser(root.toString().replaceAll("/$", ""));
        OidcFlows.signIn(b, email);
        Pkce pkce = Pkce.create();
        String code = OidcFlows.code(b, client, pkce);
        AtomicInteger reset = RaceWindow.resetInTheWindow(id, email);

        Response r = OidcFlows.exchange(client, code, pkce.verifier());

        assertEquals(1, RaceWindow.ran(id), "the reset ran between the code's presentation and the tokens");
        assertEquals(204, reset.get());
        assertEquals(400, r.statusCode(), r.asString());
        assertEquals("invalid_grant", r.path("error"));
        assertNull(r.path("refresh_token"));
        assertEquals(0, RaceWindow.liveSessions(id), "no client family outlives the sweep of its SSO session");
    }
}
