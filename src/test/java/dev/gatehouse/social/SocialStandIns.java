package dev.gatehouse.social;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
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
    static WireMockServer github;

    @Override
    public Map<String, String> start() {
        try {
            google = new MockOAuth2Server();
            google.start(InetAddress.getByName("127.0.0.1"), 0);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        github = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        github.start();
        String gh = "http://127.0.0.1:" + github.port();
        return Map.of(
                "quarkus.oidc.google.auth-server-url", google.issuerUrl("google").toString(),
                "quarkus.oidc.google.client-id", GOOGLE_CLIENT_ID,
                "quarkus.oidc.google.credentials.secret", "google-client-secret-for-tests-only",
                "quarkus.oidc.github.auth-server-url", gh + "/login/oauth",
                "quarkus.oidc.github.user-info-path", gh + "/user",
                "quarkus.oidc.github.client-id", GITHUB_CLIENT_ID,
                "quarkus.oidc.github.credentials.secret", "github-client-secret-for-tests-only",
                "gatehouse.social.github-api-url", gh);
    }

    @Override
    public void stop() {
        if (google != null) {
            google.shutdown();
        }
        if (github != null) {
            github.stop();
        }
    }

    /** The next Google sign-in authenticates this subject with these claims. */
    static void nextGoogleUser(String subject, String email, boolean emailVerified) {
        google.enqueueCallback(new DefaultOAuth2TokenCallback("google", subject, "JWT", List.of(GOOGLE_CLIENT_ID),
                Map.of("email", email, "email_verified", emailVerified, "name", "Test Person"), 3600));
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
