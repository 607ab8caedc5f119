package dev.gatehouse.social;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import no.nav.security.mock.oauth2.token.KeyProvider;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import java.util.Set;

import java.net.InetAddress;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * The providers, played on loopback for every test (and for the packaged jar in the *IT runs):
 * Google by mock-oauth2-server, a real OpenID Connect server that checks PKCE and signs ID tokens;
 * GitHub by WireMock stubs of its authorize, token, {@code /user} and {@code /user/emails} endpoints.
 */
@QuarkusTestResource(SocialStandIns.class)
public class SocialStandIns implements QuarkusTestResourceLifecycleManager {

    public static final String GOOGLE_CLIENT_ID = "gatehouse-google-test";
    public static final String GITHUB_CLIENT_ID = "gatehouse-github-test";

    static MockOAuth2Server google;
    /** The Google stand-in's signing keys, so a test can sign an ID token of its own making. */
    static KeyProvider googleKeys;
    /** Google's address as Gatehouse knows it: a WireMock proxy in front of mock-oauth2-server, so a test can replace one answer. */
    static WireMockServer googleFront;
    static WireMockServer github;

    @Override
    public Map<String, String> start() {
        try {
            googleKeys = new KeyProvider(new java.util.ArrayList<>(), "RS256");
            google = new MockOAuth2Server(new OAuth2Config(false, null, null, false, new OAuth2TokenProvider(googleKeys),
                    Set.of(new CurrentGoogleUser())));
            google.start(InetAddress.getByName("127.0.0.1"), 0);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        googleFront = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1").preserveHostHeader(true));
        googleFront.start();
        String mockBase = google.baseUrl().toString().replaceAll("/$", "");
        googleFront.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().proxiedFrom(mockBase)));
        github = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        github.start();
        String gh = "http://127.0.0.1:" + github.port();
        Map<String, String> config = new java.util.HashMap<>();
        config.put("quarkus.oidc.google.auth-server-url", googleIssuer());
        config.put("quarkus.oidc.google.client-id", GOOGLE_CLIENT_ID);
        config.put("quarkus.oidc.google.credentials.secret", "google-client-secret-for-tests-only");
        config.put("quarkus.oidc.github.auth-server-url", gh + "/login/oauth");
        config.put("quarkus.oidc.github.user-info-path", gh + "/user");
        config.put("quarkus.oidc.github.client-id", GITHUB_CLIENT_ID);
        config.put("quarkus.oidc.github.credentials.secret", "github-client-secret-for-tests-only");
        config.put("gatehouse.social.github-api-url", gh);
        return config;
    }

    @Override
    public void stop() {
        if (google != null) {
            google.shutdown();
        }
        if (github != null) {
            github.stop();
        }
        if (googleFront != null) {
            googleFront.stop();
        }
    }

    /** The issuer Gatehouse is configured with (what Google's {@code iss} is to us). */
    static String googleIssuer() {
        return "http://127.0.0.1:" + googleFront.port() + "/google";
    }

    /** The next token request to the Google stand-in gets this body instead of the real exchange. */
    static StubMapping answerNextGoogleTokenRequest(String json) {
        return googleFront.stubFor(post(urlPathEqualTo("/google/token")).atPriority(1)
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(json)));
    }

    /** The next Google sign-in authenticates this subject with these claims. */
    static void nextGoogleUser(String subject, String email, boolean emailVerified) {
        CurrentGoogleUser.subject = subject;
        CurrentGoogleUser.claims = Map.of("email", email, "email_verified", emailVerified, "name", "Test Person");
    }

    /**
     * The next GitHub sign-in authenticates this user: authorize answers a fresh code, the token
     * endpoint trades exactly that code for a fresh access token, which {@code /user} and
     * {@code /user/emails} accept.
     */
    static void nextGitHubUser(long id, String login, String email, boolean primaryVerified) {
        String code = "gh-code-" + UUID.randomUUID();
        String token = "gho_" + UUID.randomUUID().toString().replace("-", "");
        github.stubFor(get(urlPathEqualTo("/login/oauth/authorize")).atPriority(1)
                .willReturn(aResponse().withStatus(302)
                        .withHeader("Location", "{{request.query.redirect_uri}}?code=" + code + "&state={{request.query.state}}")
                        .withTransformers("response-template")));
        github.stubFor(post(urlPathEqualTo("/login/oauth/access_token"))
                .withRequestBody(containing("code=" + code))
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody("{\"access_token\":\"" + token + "\",\"token_type\":\"bearer\",\"scope\":\"user:email\"}")));
        github.stubFor(get(urlPathEqualTo("/user")).withHeader("Authorization", equalTo("Bearer " + token))
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":" + id + ",\"login\":\"" + login + "\",\"name\":\"" + login + "\"}")));
        github.stubFor(get(urlPathEqualTo("/user/emails")).withHeader("Authorization", equalTo("Bearer " + token))
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody("[{\"email\":\"other-" + id + "@example.org\",\"primary\":false,\"verified\":true,\"visibility\":null},"
                                + "{\"email\":\"" + email + "\",\"primary\":true,\"verified\":" + primaryVerified + ",\"visibility\":\"private\"}]")));
    }
}
