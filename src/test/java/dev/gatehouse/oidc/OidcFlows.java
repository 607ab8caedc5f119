package dev.gatehouse.oidc;

import dev.gatehouse.Api;
import dev.gatehouse.HttpBrowser;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** The OpenID Provider's flows as a relying party and a browser drive them; shared by the tests and their *IT twins. */
public final class OidcFlows {

    public static final String SESSION = "__Host-gatehouse-session";
    private static final SecureRandom RANDOM = new SecureRandom();

    private OidcFlows() {
    }

    /** A registered client: its id and, for confidential ones, its secret. */
    public record Client(String id, String secret, String redirectUri) {
    }

    public record Pkce(String verifier, String challenge) {
        public static Pkce create() {
            byte[] b = new byte[32];
            RANDOM.nextBytes(b);
            String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
            return new Pkce(verifier, s256(verifier));
        }
    }

    public static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Registers a PUBLIC or CONFIDENTIAL client through the admin API. */
    public static Client register(String type, List<String> redirectUris, boolean firstParty, Map<String, Object> more) {
        String admin = Api.newAdminToken();
        String id = "rp-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("clientId", id);
        body.put("name", "App " + id);
        body.put("type", type);
        body.put("redirectUris", redirectUris);
        body.put("firstParty", firstParty);
        body.putAll(more);
        Response r = given().auth().oauth2(admin).contentType(ContentType.JSON).body(body).post("/admin/clients");
        assertEquals(201, r.statusCode(), r.asString());
        return new Client(id, r.path("clientSecret"), redirectUris.get(0));
    }

    public static Client publicClient(String redirectUri) {
        return register("PUBLIC", List.of(redirectUri), true, Map.of());
    }

    public static Client confidentialClient(String redirectUri) {
        return register("CONFIDENTIAL", List.of(redirectUri), true, Map.of());
    }

    /** Signs in on the hosted page with a password: the browser then holds the SSO session cookie. */
    public static void signIn(HttpBrowser b, String email) {
        String csrf = csrf(b.get("/login").body());
        HttpResponse<String> r = b.postForm("/login", form("username", email, "password", Api.PASSWORD, "csrf", csrf));
        assertEquals(303, r.statusCode(), r.body());
        assertNotNull(b.cookie(SESSION));
    }

    /** A new account signed in in a new browser. */
    public static HttpBrowser signedInBrowser(String base) {
        String email = Api.uniqueEmail();
        Api.register(email, Api.PASSWORD);
        HttpBrowser b = new HttpBrowser(base);
        signIn(b, email);
        return b;
    }

    public static String csrf(String html) {
        Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(html);
        return m.find() ? m.group(1) : null;
    }

    public static String resume(String html) {
        Matcher m = Pattern.compile("name=\"resume\" value=\"([^\"]+)\"").matcher(html);
        return m.find() ? m.group(1) : null;
    }

    public static String form(String... kv) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < kv.length; i += 2) {
            if (s.length() > 0) {
                s.append('&');
            }
            s.append(URLEncoder.encode(kv[i], StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(kv[i + 1], StandardCharsets.UTF_8));
        }
        return s.toString();
    }

    /** The standard request parameters for {@code client}, with {@code extra} added or replacing them (null value: left out). */
    public static Map<String, String> request(Client client, Pkce pkce, String... extra) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("response_type", "code");
        p.put("client_id", client.id());
        p.put("redirect_uri", client.redirectUri());
        p.put("scope", "openid email profile");
        p.put("state", "st-" + UUID.randomUUID());
        p.put("nonce", "n-" + UUID.randomUUID());
        p.put("code_challenge", pkce.challenge());
        p.put("code_challenge_method", "S256");
        for (int i = 0; i < extra.length; i += 2) {
            if (extra[i + 1] == null) {
                p.remove(extra[i]);
            } else {
                p.put(extra[i], extra[i + 1]);
            }
        }
        return p;
    }

    public static HttpResponse<String> authorize(HttpBrowser b, Map<String, String> params) {
        StringBuilder q = new StringBuilder("/oauth2/authorize?");
        params.forEach((k, v) -> q.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&'));
        return b.get(q.toString());
    }

    /** The query parameters of a URL. */
    public static Map<String, String> query(String url) {
        Map<String, String> m = new LinkedHashMap<>();
        String q = URI.create(url).getRawQuery();
        if (q != null) {
            for (String pair : q.split("&")) {
                int eq = pair.indexOf('=');
                m.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return m;
    }

    /** Authorizes with the browser's session and returns the code (asserting a redirect to the client). */
    public static String code(HttpBrowser b, Client client, Pkce pkce, String... extra) {
        HttpResponse<String> r = authorize(b, request(client, pkce, extra));
        assertEquals(303, r.statusCode(), r.body());
        String location = HttpBrowser.location(r);
        assertNotNull(location);
        if (!location.startsWith(client.redirectUri())) {
            throw new AssertionError("not redirected to the client: " + location);
        }
        String code = query(location).get("code");
        assertNotNull(code, location);
        return code;
    }

    /** {@code grant_type=authorization_code}; secret sent by HTTP Basic when the client has one. */
    public static Response exchange(Client client, String code, String verifier) {
        var req = given().contentType(ContentType.URLENC).formParam("grant_type", "authorization_code").formParam("code", code)
                .formParam("redirect_uri", client.redirectUri());
        if (verifier != null) {
            req.formParam("code_verifier", verifier);
        }
        if (client.secret() != null) {
            req.auth().preemptive().basic(client.id(), client.secret());
        } else {
            req.formParam("client_id", client.id());
        }
        return req.post("/oauth2/token");
    }

    /** The JSON payload (part 1) or header (part 0) of a JWT, unverified. */
    public static Map<String, Object> jwt(String token, int part) {
        String json = new String(Base64.getUrlDecoder().decode(token.split("\\.")[part]), StandardCharsets.UTF_8);
        return io.restassured.path.json.JsonPath.from(json).getMap("");
    }
}
