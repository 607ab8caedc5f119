package dev.gatehouse.oidc;

import dev.gatehouse.Api;
import dev.gatehouse.HttpBrowser;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static dev.gatehouse.oidc.OidcFlows.*;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The OpenID Provider: SECURITY-CASES 53-62 one test each, the discovery document, UserInfo, refresh. */
@QuarkusTest
class OpenIdProviderTest {

    static final String ISSUER = "http://localhost:8081";
    static final String RP = "https://rp.example.com/cb";

    @TestHTTPResource("/")
    URL root;

    String base() {
        return root.toString().replaceAll("/$", "");
    }

    HttpBrowser browser() {
        return signedInBrowser(base());
    }

    // 53
    @Test
    void authorizeWhenRedirectUriNotRegisteredExactlyThenErrorPageAndNoRedirect() {
        Client client = register("CONFIDENTIAL", List.of("https://rp.example.com/cb?x=1", "http://127.0.0.1/native"), true, Map.of());
        HttpBrowser b = browser();
        for (String wrong : List.of("https://rp.example.com/cb", "https://rp.example.com/cb?x=1&y=2", "https://rp.example.com:8443/cb?x=1",
                "http://rp.example.com/cb?x=1", "https://rp.example.com/cb/?x=1", "https://RP.example.com/cb?x=1",
                "https://rp.example.com/CB?x=1", "https://rp.example.com/cb?x=1#f", "https://rp.example.com.evil.io/cb?x=1",
                // Loopback port freedom is for PUBLIC (native) clients only.
                "http://127.0.0.1:51004/native")) {
            HttpResponse<String> r = authorize(b, request(client, Pkce.create(), "redirect_uri", wrong));
            assertEquals(400, r.statusCode(), wrong);
            assertNull(HttpBrowser.location(r), wrong);
            assertTrue(r.body().contains("not registered"), wrong);
        }
        // Missing redirect_uri and unknown client: the error page too.
        assertEquals(400, authorize(b, request(client, Pkce.create(), "redirect_uri", null)).statusCode());
        assertEquals(400, authorize(b, request(new Client("rp-nobody", null, RP), Pkce.create())).statusCode());
        // The registered one works, exactly.
        assertNotNull(code(b, new Client(client.id(), client.secret(), "https://rp.example.com/cb?x=1"), Pkce.create()));
        // A native (PUBLIC) client registered with a loopback IP may use any port (RFC 8252 7.3), nothing else looser.
        Client nativeApp = register("PUBLIC", List.of("http://127.0.0.1/native"), true, Map.of());
        assertNotNull(code(b, new Client(nativeApp.id(), null, "http://127.0.0.1:51004/native"), Pkce.create()));
        HttpResponse<String> otherPath = authorize(b, request(nativeApp, Pkce.create(), "redirect_uri", "http://127.0.0.1:51004/native/x"));
        assertEquals(400, otherPath.statusCode());
    }

    // 54
    @Test
    void authorizeWhenPkceMissingPlainOrVerifierWrongThenRefused() {
        Client client = publicClient(RP);
        HttpBrowser b = browser();
        for (String[] bad : List.of(new String[] {"code_challenge", null}, new String[] {"code_challenge_method", null},
                new String[] {"code_challenge_method", "plain"})) {
            Pkce pkce = Pkce.create();
            HttpResponse<String> r = authorize(b, request(client, pkce, bad[0], bad[1], "state", "s1"));
            assertEquals(303, r.statusCode());
            Map<String, String> q = query(HttpBrowser.location(r));
            assertEquals("invalid_request", q.get("error"), String.join(",", bad[0], String.valueOf(bad[1])));
            assertEquals("s1", q.get("state"));
            assertNull(q.get("code"));
        }
        Pkce pkce = Pkce.create();
        String code = code(b, client, pkce);
        exchange(client, code, Pkce.create().verifier()).then().statusCode(400).body("error", equalTo("invalid_grant"));
        exchange(client, code, null).then().statusCode(400).body("error", equalTo("invalid_grant"));
        // The code was not used up by the wrong verifiers: the right one still redeems it.
        exchange(client, code, pkce.verifier()).then().statusCode(200);
    }

    // 55
    @Test
    void tokenWhenCodeUsedTwiceThenRefusedAndFirstTokensRevoked() {
        Client client = confidentialClient(RP);
        HttpBrowser b = browser();
        Pkce pkce = Pkce.create();
        String code = code(b, client, pkce);
        Response first = exchange(client, code, pkce.verifier());
        first.then().statusCode(200).header("Cache-Control", "no-store");
        String access = first.path("access_token");
        String refresh = first.path("refresh_token");
        // A client's token is checked where clients use it: UserInfo (Gatehouse's own /auth/me refuses client tokens).
        assertEquals(200, given().auth().oauth2(access).get("/oauth2/userinfo").statusCode());
        exchange(client, code, pkce.verifier()).then().statusCode(400).body("error", equalTo("invalid_grant"));
        assertEquals(401, given().auth().oauth2(access).get("/oauth2/userinfo").statusCode());
        refreshGrant(client, refresh).then().statusCode(400).body("error", equalTo("invalid_grant"));
    }

    // 56
    @Test
    void tokenWhenCodeRedeemedByAnotherClientOrRedirectUriThenInvalidGrant() {
        Client client = register("PUBLIC", List.of(RP, "https://rp.example.com/other"), true, Map.of());
        Client other = publicClient(RP);
        HttpBrowser b = browser();
        Pkce pkce = Pkce.create();
        String code = code(b, client, pkce);
        exchange(other, code, pkce.verifier()).then().statusCode(400).body("error", equalTo("invalid_grant"));
        exchange(new Client(client.id(), null, "https://rp.example.com/other"), code, pkce.verifier())
                .then().statusCode(400).body("error", equalTo("invalid_grant"));
        exchange(client, code, pkce.verifier()).then().statusCode(200);
    }

    // 57
    @Test
    void authorizeWhenNonceAndStateGivenThenNonceInIdTokenStateEchoedAndIss() {
        Client client = publicClient(RP);
        HttpBrowser b = browser();
        Pkce pkce = Pkce.create();
        String state = "a b&c=d/é?{x}%41+" + System.nanoTime();
        String nonce = "n-" + System.nanoTime();
        HttpResponse<String> r = authorize(b, request(client, pkce, "state", state, "nonce", nonce));
        assertEquals(303, r.statusCode());
        Map<String, String> q = query(HttpBrowser.location(r));
        assertEquals(state, q.get("state"));
        assertEquals(ISSUER, q.get("iss"));
        Response tokens = exchange(client, q.get("code"), pkce.verifier());
        tokens.then().statusCode(200);
        String idToken = tokens.path("id_token");
        Map<String, Object> header = jwt(idToken, 0);
        Map<String, Object> claims = jwt(idToken, 1);
        assertEquals("JWT", header.get("typ"));
        assertEquals("RS256", header.get("alg"));
        assertNotNull(header.get("kid"));
        assertEquals(nonce, claims.get("nonce"));
        assertEquals(ISSUER, claims.get("iss"));
        assertEquals(client.id(), claims.get("aud"));
        assertEquals(client.id(), claims.get("azp"));
        assertEquals(List.of("pwd"), claims.get("amr"));
        for (String c : List.of("sub", "exp", "iat", "auth_time", "acr", "at_hash", "sid", "email", "email_verified")) {
            assertNotNull(claims.get(c), c);
        }
        byte[] full = java.util.Base64.getUrlDecoder().decode(OidcFlows.s256(tokens.path("access_token")));
        assertEquals(java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(full, 16)),
                claims.get("at_hash"));
        assertEquals(client.id(), jwt(tokens.path("access_token"), 1).get("client_id"));
    }

    // 58
    @Test
    void authorizeWhenPromptNoneWithoutSessionThenLoginRequiredAtRedirectUri() {
        Client client = publicClient(RP);
        HttpBrowser anonymous = new HttpBrowser(base());
        HttpResponse<String> r = authorize(anonymous, request(client, Pkce.create(), "prompt", "none", "state", "s58"));
        assertEquals(303, r.statusCode());
        String location = HttpBrowser.location(r);
        assertTrue(location.startsWith(RP + "?"), location);
        Map<String, String> q = query(location);
        assertEquals("login_required", q.get("error"));
        assertEquals("s58", q.get("state"));
        assertEquals(ISSUER, q.get("iss"));
        // Without prompt=none the same request goes to the hosted page; with a session it is silent.
        HttpResponse<String> interactive = authorize(anonymous, request(client, Pkce.create()));
        assertTrue(HttpBrowser.location(interactive).startsWith(ISSUER + "/login?return_to="), HttpBrowser.location(interactive));
        assertNotNull(code(browser(), client, Pkce.create(), "prompt", "none"));
    }

    // 59
    @Test
    void bearerWhenIdTokenOrForeignAudienceThenUnauthorized() {
        Client client = publicClient(RP);
        Pkce pkce = Pkce.create();
        Response tokens = exchange(client, code(browser(), client, pkce), pkce.verifier());
        String idToken = tokens.path("id_token");
        assertEquals(401, Api.meStatus(idToken));
        given().auth().oauth2(idToken).get("/oauth2/userinfo").then().statusCode(401);
        // A machine token for another service (aud is not ours).
        String admin = Api.newAdminToken();
        Response machine = given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("name", "orders", "scopes", List.of("orders.read"), "audiences", List.of("https://orders.example.com")))
                .post("/admin/clients");
        String token = given().auth().preemptive().basic(machine.path("client.clientId"), machine.path("clientSecret"))
                .contentType(ContentType.URLENC).formParam("grant_type", "client_credentials").post("/oauth2/token")
                .then().statusCode(200).extract().path("access_token");
        assertEquals(401, Api.meStatus(token));
        given().auth().oauth2(token).get("/oauth2/userinfo").then().statusCode(401);
    }

    // 60
    @Test
    void logoutWhenPostLogoutRedirectUriNotRegisteredThenNoRedirect() {
        Client client = register("PUBLIC", List.of(RP), true, Map.of("postLogoutRedirectUris", List.of("https://rp.example.com/bye")));
        HttpBrowser b = browser();
        Pkce pkce = Pkce.create();
        Response tokens = exchange(client, code(b, client, pkce), pkce.verifier());
        String idToken = tokens.path("id_token");
        for (String wrong : List.of("https://evil.example.com/bye", "https://rp.example.com/bye/", "https://rp.example.com/bye?x=1")) {
            HttpResponse<String> r = b.get("/oauth2/logout?id_token_hint=" + idToken + "&post_logout_redirect_uri=" + enc(wrong));
            assertEquals(200, r.statusCode(), wrong);
            assertNull(HttpBrowser.location(r), wrong);
        }
        // The session ended with the first of them: the client's tokens too.
        assertEquals(401, Api.meStatus(tokens.path("access_token")));
        HttpResponse<String> silent = authorize(b, request(client, Pkce.create(), "prompt", "none"));
        assertEquals("login_required", query(HttpBrowser.location(silent)).get("error"));
        // The registered one, exactly, with state.
        HttpBrowser again = browser();
        String hint = exchange(client, code(again, client, pkce), pkce.verifier()).path("id_token");
        HttpResponse<String> ok = again.get("/oauth2/logout?id_token_hint=" + hint + "&post_logout_redirect_uri="
                + enc("https://rp.example.com/bye") + "&state=s60");
        assertEquals(303, ok.statusCode());
        assertEquals("https://rp.example.com/bye?state=s60", HttpBrowser.location(ok));
    }

    // 61
    @Test
    void tokenWhenConfidentialClientUnauthenticatedOrPublicClientUsesSecretGrantThenInvalidClient() {
        Client client = confidentialClient(RP);
        HttpBrowser b = browser();
        Pkce pkce = Pkce.create();
        String code = code(b, client, pkce);
        exchange(new Client(client.id(), null, RP), code, pkce.verifier()).then().statusCode(401).body("error", equalTo("invalid_client"));
        exchange(new Client(client.id(), "gcs_wrong", RP), code, pkce.verifier()).then().statusCode(401)
                .body("error", equalTo("invalid_client"));
        exchange(client, code, pkce.verifier()).then().statusCode(200);
        Client pub = publicClient(RP);
        given().contentType(ContentType.URLENC).formParam("grant_type", "client_credentials").formParam("client_id", pub.id())
                .post("/oauth2/token").then().statusCode(401).body("error", equalTo("invalid_client"));
        given().contentType(ContentType.URLENC).formParam("grant_type", "client_credentials").formParam("client_id", pub.id())
                .formParam("client_secret", "anything").post("/oauth2/token").then().statusCode(401).body("error", equalTo("invalid_client"));
        // A confidential client cannot use client_credentials either: it is not a machine client.
        given().auth().preemptive().basic(client.id(), client.secret()).contentType(ContentType.URLENC)
                .formParam("grant_type", "client_credentials").post("/oauth2/token").then().statusCode(400)
                .body("error", equalTo("unauthorized_client"));
    }

    // 62
    @Test
    void consentWhenThirdPartyThenAskedCrossSiteRefusedAndRemembered() {
        Client client = register("PUBLIC", List.of(RP), false, Map.of());
        HttpBrowser b = browser();
        HttpResponse<String> none = authorize(b, request(client, Pkce.create(), "prompt", "none"));
        assertEquals("consent_required", query(HttpBrowser.location(none)).get("error"));
        Pkce pkce = Pkce.create();
        HttpResponse<String> page = authorize(b, request(client, pkce));
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("id=\"allow\""));
        String resume = resume(page.body());
        String csrf = csrf(page.body());
        // Cross-site: a foreign Origin, a cross-site fetch, or no consent cookie (SameSite=Strict) → refused, nothing granted.
        assertEquals(403, b.postForm("/oauth2/authorize/consent", form("resume", resume, "csrf", csrf, "decision", "allow"),
                "Origin", "https://evil.example.com").statusCode());
        assertEquals(403, b.postForm("/oauth2/authorize/consent", form("resume", resume, "csrf", csrf, "decision", "allow"),
                "Sec-Fetch-Site", "cross-site").statusCode());
        HttpBrowser attacker = new HttpBrowser(base());
        attacker.setCookie(SESSION, b.cookie(SESSION), "/");
        assertEquals(403, attacker.postForm("/oauth2/authorize/consent", form("resume", resume, "csrf", csrf, "decision", "allow"))
                .statusCode());
        assertEquals("consent_required", query(HttpBrowser.location(authorize(b, request(client, Pkce.create(), "prompt", "none"))))
                .get("error"));
        // The consent page itself: allowed, a code, and remembered for the next request.
        HttpResponse<String> allowed = b.postForm("/oauth2/authorize/consent", form("resume", resume, "csrf", csrf, "decision", "allow"),
                "Origin", ISSUER, "Sec-Fetch-Site", "same-origin");
        assertEquals(303, allowed.statusCode(), allowed.body());
        exchange(client, query(HttpBrowser.location(allowed)).get("code"), pkce.verifier()).then().statusCode(200);
        assertNotNull(code(b, client, Pkce.create(), "prompt", "none"));
        // prompt=consent asks again; another account has not consented.
        assertEquals(200, authorize(b, request(client, Pkce.create(), "prompt", "consent")).statusCode());
        assertEquals(200, authorize(browser(), request(client, Pkce.create())).statusCode());
    }

    @Test
    void discoveryWhenFetchedThenListsExactlyWhatIsImplemented() {
        Map<String, Object> d = given().get("/.well-known/openid-configuration").then().statusCode(200).extract().jsonPath().getMap("");
        assertEquals(ISSUER, d.get("issuer"));
        assertEquals(ISSUER + "/oauth2/authorize", d.get("authorization_endpoint"));
        assertEquals(ISSUER + "/oauth2/token", d.get("token_endpoint"));
        assertEquals(ISSUER + "/oauth2/userinfo", d.get("userinfo_endpoint"));
        assertEquals(ISSUER + "/oauth2/logout", d.get("end_session_endpoint"));
        assertEquals(ISSUER + "/.well-known/jwks.json", d.get("jwks_uri"));
        assertFalse(d.containsKey("registration_endpoint"));
        assertEquals(List.of("code"), d.get("response_types_supported"));
        assertEquals(List.of("query"), d.get("response_modes_supported"));
        assertEquals(List.of("S256"), d.get("code_challenge_methods_supported"));
        assertEquals(List.of("RS256"), d.get("id_token_signing_alg_values_supported"));
        assertEquals(List.of("none", "client_secret_basic", "client_secret_post", "private_key_jwt"),
                d.get("token_endpoint_auth_methods_supported"));
        assertEquals(List.of("authorization_code", "refresh_token", "client_credentials",
                "urn:ietf:params:oauth:grant-type:token-exchange"), d.get("grant_types_supported"));
        assertEquals(true, d.get("backchannel_logout_supported"));
        assertEquals(true, d.get("authorization_response_iss_parameter_supported"));
        assertEquals(false, d.get("request_uri_parameter_supported"));
        // Each advertised endpoint answers (no 404/405), and a grant type not listed is refused.
        for (String path : List.of("/oauth2/authorize", "/oauth2/userinfo", "/oauth2/logout")) {
            int status = given().redirects().follow(false).get(path).statusCode();
            assertTrue(status != 404 && status != 405 && status < 500, path + " " + status);
        }
        given().contentType(ContentType.URLENC).formParam("grant_type", "password").post("/oauth2/token")
                .then().statusCode(400).body("error", equalTo("unsupported_grant_type"));
        // response_type other than code → unsupported_response_type at the client.
        Client client = publicClient(RP);
        HttpResponse<String> token = authorize(browser(), request(client, Pkce.create(), "response_type", "token"));
        assertEquals("unsupported_response_type", query(HttpBrowser.location(token)).get("error"));
        // client_secret_post works like Basic.
        Client conf = confidentialClient(RP);
        Pkce pkce = Pkce.create();
        given().contentType(ContentType.URLENC).formParam("grant_type", "authorization_code").formParam("code", code(browser(), conf, pkce))
                .formParam("redirect_uri", RP).formParam("code_verifier", pkce.verifier()).formParam("client_id", conf.id())
                .formParam("client_secret", conf.secret()).post("/oauth2/token").then().statusCode(200);
    }

    @Test
    void userInfoWhenUserAccessTokenThenClaimsInHeaderOrForm() {
        Client client = publicClient(RP);
        Pkce pkce = Pkce.create();
        Response tokens = exchange(client, code(browser(), client, pkce, "scope", "openid email"), pkce.verifier());
        String access = tokens.path("access_token");
        String sub = (String) jwt(tokens.path("id_token"), 1).get("sub");
        given().auth().oauth2(access).get("/oauth2/userinfo").then().statusCode(200).header("Cache-Control", "no-store")
                .body("sub", equalTo(sub)).body("email_verified", equalTo(false));
        Map<String, Object> info = given().contentType(ContentType.URLENC).formParam("access_token", access).post("/oauth2/userinfo")
                .then().statusCode(200).extract().jsonPath().getMap("");
        assertEquals(sub, info.get("sub"));
        assertFalse(info.containsKey("name"), "no profile scope, no name");
        given().get("/oauth2/userinfo").then().statusCode(401).header("WWW-Authenticate", org.hamcrest.Matchers.startsWith("Bearer"));
    }

    /**
     * A person's token issued to a client (even a first-party one, of an admin) is for that
     * client's APIs and UserInfo: Gatehouse's own account and admin endpoints refuse it, so no
     * client can mint API keys, change the account or act as an admin with the person's roles.
     */
    @Test
    void clientTokenWhenUsedOnGatehouseAccountOrAdminEndpointsThenRefusedButUserInfoWorks() {
        String email = dev.gatehouse.Api.uniqueEmail();
        dev.gatehouse.TestDatabase.storeRoles(dev.gatehouse.Api.register(email, dev.gatehouse.Api.PASSWORD), "user", "admin");
        HttpBrowser b = new HttpBrowser(base());
        OidcFlows.signIn(b, email);
        Client client = publicClient(RP);
        Pkce pkce = Pkce.create();
        String access = exchange(client, code(b, client, pkce, "scope", "openid"), pkce.verifier()).path("access_token");
        given().auth().oauth2(access).get("/oauth2/userinfo").then().statusCode(200);
        given().auth().oauth2(access).get("/auth/me").then().statusCode(403)
                .body("type", equalTo("urn:gatehouse:problem:client-token-not-allowed"));
        given().auth().oauth2(access).contentType(ContentType.JSON)
                .body(Map.of("name", "x", "scopes", java.util.List.of("openid"), "expiresIn", 3600)).post("/auth/api-keys")
                .then().statusCode(403);
        given().auth().oauth2(access).get("/admin/accounts").then().statusCode(403);
        given().auth().oauth2(access).contentType(ContentType.JSON).body(Map.of()).post("/auth/mfa/totp").then().statusCode(403);
        given().auth().oauth2(access).post("/auth/logout-all").then().statusCode(403);
        // The person's own sign-in still can (the refusal is about the token, not the account).
        given().auth().oauth2(dev.gatehouse.Api.login(email, dev.gatehouse.Api.PASSWORD)).get("/admin/accounts").then().statusCode(200);
    }

    @Test
    void refreshWhenSameClientThenRotatesElseInvalidGrant() {
        Client client = publicClient(RP);
        Client other = publicClient(RP);
        Pkce pkce = Pkce.create();
        String refresh = exchange(client, code(browser(), client, pkce), pkce.verifier()).path("refresh_token");
        refreshGrant(other, refresh).then().statusCode(400).body("error", equalTo("invalid_grant"));
        given().contentType(ContentType.URLENC).formParam("refresh_token", refresh).post("/auth/refresh")
                .then().statusCode(400).body("error", equalTo("invalid_grant"));
        Response next = refreshGrant(client, refresh);
        next.then().statusCode(200);
        assertFalse(refresh.equals(next.path("refresh_token")));
        assertEquals(client.id(), jwt(next.path("access_token"), 1).get("client_id"));
    }

    @Test
    void authorizeWhenPromptLoginOrMaxAgeExceededThenSignInAgain() {
        Client client = publicClient(RP);
        HttpBrowser b = browser();
        HttpResponse<String> login = authorize(b, request(client, Pkce.create(), "prompt", "login"));
        assertTrue(HttpBrowser.location(login).startsWith(ISSUER + "/login?return_to="), HttpBrowser.location(login));
        HttpResponse<String> none = authorize(b, request(client, Pkce.create(), "prompt", "none", "max_age", "0"));
        // auth_time is this test's sign-in: max_age=0 may still match within the same second, so only check a redirect.
        assertEquals(303, none.statusCode());
        HttpResponse<String> bad = authorize(b, request(client, Pkce.create(), "max_age", "-1"));
        assertEquals("invalid_request", query(HttpBrowser.location(bad)).get("error"));
    }

    @Test
    void endpointsWhenInputMalformedThenClear4xxNever5xx() {
        Client client = publicClient(RP);
        HttpBrowser b = browser();
        String base = "/oauth2/authorize?client_id=" + client.id() + "&redirect_uri=" + enc(RP);
        // Repeated parameter, bad percent-encoding, an unknown resume id: error pages.
        assertEquals(400, b.get(base + "&client_id=" + client.id()).statusCode());
        for (String raw : List.of(base + "&state=%E0%A4%A", base + "&state=%FF", "/oauth2/authorize?%zz=1", "/oauth2/logout?state=%E0")) {
            int status = dev.gatehouse.RawHttp.send("GET", raw, List.of(), null).status();
            assertTrue(status < 500, raw + " " + status);
        }
        assertEquals(400, b.get("/oauth2/authorize?resume=nope").statusCode());
        assertEquals(400, b.get("/oauth2/authorize?resume=" + "A".repeat(43)).statusCode());
        assertEquals(400, b.postForm("/oauth2/authorize", "client_id=%zz").statusCode());
        assertEquals(400, b.postForm("/oauth2/authorize", "").statusCode());
        // Template-looking and odd values are just text.
        HttpResponse<String> odd = authorize(b, request(client, Pkce.create(), "state", "{x}", "prompt", "none login"));
        assertEquals("invalid_request", query(HttpBrowser.location(odd)).get("error"));
        assertEquals("{x}", query(HttpBrowser.location(odd)).get("state"));
        assertEquals("invalid_request", query(HttpBrowser.location(authorize(b, request(client, Pkce.create(),
                "max_age", "soon")))).get("error"));
        assertEquals("invalid_scope", query(HttpBrowser.location(authorize(b, request(client, Pkce.create(),
                "scope", "openid admin")))).get("error"));
        assertEquals("invalid_request", query(HttpBrowser.location(authorize(b, request(client, Pkce.create(),
                "code_challenge", "short")))).get("error"));
        // Consent without anything: refused, not an error.
        assertEquals(403, b.postForm("/oauth2/authorize/consent", "").statusCode());
        // Token endpoint: a code of the wrong shape, repeated parameters, a missing verifier.
        exchange(client, "x", Pkce.create().verifier()).then().statusCode(400).body("error", equalTo("invalid_grant"));
        given().contentType(ContentType.URLENC).formParam("grant_type", "authorization_code").formParam("code", "a").formParam("code", "b")
                .formParam("client_id", client.id()).formParam("redirect_uri", RP).post("/oauth2/token")
                .then().statusCode(400).body("error", equalTo("invalid_request"));
        given().contentType(ContentType.URLENC).formParam("grant_type", "authorization_code").formParam("client_id", client.id())
                .post("/oauth2/token").then().statusCode(400).body("error", equalTo("invalid_request"));
        // UserInfo and logout with garbage.
        given().auth().oauth2("not.a.jwt").get("/oauth2/userinfo").then().statusCode(401);
        given().contentType(ContentType.URLENC).body("access_token=%zz").post("/oauth2/userinfo").then().statusCode(400);
        assertEquals(400, b.get("/oauth2/logout?id_token_hint=garbage").statusCode());
        assertEquals(400, b.get("/oauth2/logout?state=a&state=b").statusCode());
        // Registration: bad redirect URIs are refused with the rule.
        String admin = Api.newAdminToken();
        for (Object bad : List.of(List.of("http://rp.example.com/cb"), List.of("https://rp.example.com/cb#f"), List.of("/cb"),
                List.of("javascript:alert(1)"), List.of())) {
            given().auth().oauth2(admin).contentType(ContentType.JSON)
                    .body(Map.of("type", "PUBLIC", "redirectUris", bad)).post("/admin/clients").then().statusCode(400);
        }
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("type", "PUBLIC", "authMethod", "client_secret", "redirectUris", List.of(RP))).post("/admin/clients")
                .then().statusCode(400);
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("type", "SOMETHING")).post("/admin/clients")
                .then().statusCode(400);
    }

    static Response refreshGrant(Client client, String refresh) {
        var req = given().contentType(ContentType.URLENC).formParam("grant_type", "refresh_token").formParam("refresh_token", refresh);
        if (client.secret() != null) {
            req.auth().preemptive().basic(client.id(), client.secret());
        } else {
            req.formParam("client_id", client.id());
        }
        return req.post("/oauth2/token");
    }

    static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Issue 14, item 4: a client may ask only for an algorithm this deployment keeps keys for (RS256 only by default). */
    @Test
    void registerWhenIdTokenAlgNotEnabledThen400ProblemAndRs256Accepted() {
        String admin = Api.newAdminToken();
        for (String alg : List.of("ES256", "PS256", "EdDSA")) {
            Response r = given().auth().oauth2(admin).contentType(ContentType.JSON)
                    .body(Map.of("clientId", "rp-alg-" + alg.toLowerCase() + "-" + System.nanoTime() % 100000, "type", "CONFIDENTIAL",
                            "redirectUris", List.of(RP), "id_token_signed_response_alg", alg))
                    .post("/admin/clients");
            assertEquals(400, r.statusCode(), r.asString());
            assertEquals("id_token_alg_not_enabled", r.path("rule"), r.asString());
            assertTrue(r.asString().contains("GATEHOUSE_KEYS_ALGORITHMS"), r.asString());
        }
        Client client = register("CONFIDENTIAL", List.of(RP), true, Map.of("id_token_signed_response_alg", "RS256"));
        HttpBrowser b = browser();
        Pkce pkce = Pkce.create();
        Response t = exchange(client, code(b, client, pkce), pkce.verifier());
        assertEquals(200, t.statusCode(), t.asString());
        assertEquals("RS256", jwt(t.path("id_token"), 0).get("alg"));
    }
}
