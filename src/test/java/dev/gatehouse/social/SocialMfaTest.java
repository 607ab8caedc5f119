package dev.gatehouse.social;

import dev.gatehouse.Api;
import dev.gatehouse.HttpBrowser;
import dev.gatehouse.TestDatabase;
import dev.gatehouse.mfa.MfaApi;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SECURITY-CASES 46: a Google sign-in of an account with MFA on creates no session before the code step. */
@QuarkusTest
class SocialMfaTest {

    static final String APP = SocialLoginResourceTest.APP;
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    @TestHTTPResource("/")
    URL root;

    HttpBrowser browser() {
        String s = root.toString();
        return new HttpBrowser(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
    }

    /** A Google account signed in once, with TOTP turned on through the API: its id and secret. */
    private String[] googleAccountWithMfa(String subject) {
        SocialStandIns.nextGoogleUser(subject, Api.uniqueEmail(), true);
        HttpBrowser first = browser();
        assertEquals(303, SocialFlows.signIn(first, "google", APP).statusCode());
        String access = JsonPath.from(SocialFlows.refresh(first).body()).getString("access_token");
        String secret = MfaApi.start(access).then().statusCode(200).extract().path("secret");
        MfaApi.confirm(access, MfaApi.code(secret, 0)).then().statusCode(200);
        return new String[]{Api.jwtField(access, 1, "sub"), secret};
    }

    @Test
    void googleSignInWhenMfaOnThenCodeStepFirstAndNoSessionBeforeIt() {
        String subject = "google-" + UUID.randomUUID();
        String[] account = googleAccountWithMfa(subject);
        UUID id = UUID.fromString(account[0]);
        long families = TestDatabase.queryLong("SELECT count(*) FROM refresh_family WHERE account_id = ?", id);

        SocialStandIns.nextGoogleUser(subject, Api.uniqueEmail(), true);
        HttpBrowser b = browser();
        HttpResponse<String> back = SocialFlows.signIn(b, "google", APP);
        assertEquals(303, back.statusCode(), back.body());
        String step = HttpBrowser.location(back);
        assertTrue(step.contains("/login/mfa?return_to=" + URLEncoder.encode(APP, StandardCharsets.UTF_8)), step);
        assertNull(b.cookie("__Host-gatehouse-session"), "no session before the code step");
        assertNotNull(b.cookie("__Host-gatehouse-mfa"));
        assertTrue(!step.contains("mfa_"), "no token in the URL");
        assertEquals(families, TestDatabase.queryLong("SELECT count(*) FROM refresh_family WHERE account_id = ?", id));
        // The session cookie endpoint has nothing to refresh.
        assertEquals(400, SocialFlows.refresh(b).statusCode());

        HttpResponse<String> page = b.get(step);
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("Two-factor sign-in"), page.body());
        Matcher csrf = CSRF.matcher(page.body());
        assertTrue(csrf.find());
        String form = "csrf=" + csrf.group(1) + "&return_to=" + URLEncoder.encode(APP, StandardCharsets.UTF_8) + "&code=";
        // A wrong code: the step again, still no session.
        HttpResponse<String> wrong = b.postForm("/login/mfa", form + ("000000".equals(MfaApi.code(account[1], 1)) ? "111111" : "000000"));
        assertEquals(401, wrong.statusCode());
        assertNull(b.cookie("__Host-gatehouse-session"));

        HttpResponse<String> done = b.postForm("/login/mfa", form + MfaApi.code(account[1], 1));
        assertEquals(303, done.statusCode(), done.body());
        assertEquals(APP, HttpBrowser.location(done));
        assertNotNull(b.cookie("__Host-gatehouse-session"));
        assertNull(b.cookie("__Host-gatehouse-mfa"), "the pending sign-in is gone");
        String access = JsonPath.from(SocialFlows.refresh(b).body()).getString("access_token");
        assertEquals("[\"google\",\"otp\"]", MfaApi.amrOf(access));
        assertEquals(families + 1, TestDatabase.queryLong("SELECT count(*) FROM refresh_family WHERE account_id = ?", id));
    }
}
