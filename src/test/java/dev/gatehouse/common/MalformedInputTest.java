package dev.gatehouse.common;

import dev.gatehouse.Api;
import dev.gatehouse.RawHttp;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * SECURITY-CASES 76: every endpoint, fed malformed, oversized, wrongly typed and wrongly encoded
 * input, answers a 4xx with a problem document (the RFC 6749 error shape on the OAuth2-style
 * endpoints, the page or a problem document on the hosted page), never a 5xx, a class name or a
 * stack trace. Each test collects every bad answer of its endpoints and reports them together.
 * It injects nothing, so {@link MalformedInputIT} runs it again against the packaged jar.
 */
@QuarkusTest
public class MalformedInputTest {

    /** What a refusal must look like. */
    enum Shape {
        /** {@code application/problem+json} with our {@code type}. */
        PROBLEM,
        /** RFC 6749 {@code {error, error_description}}. */
        OAUTH,
        /** The hosted page (HTML) or a problem document. */
        PAGE
    }

    private static final Pattern LEAK = Pattern.compile(
            "Exception|\\bjava\\.|\\bjavax\\.|\\bjakarta\\.|org\\.hibernate|org\\.jboss|org\\.postgresql|io\\.quarkus|io\\.vertx"
                    + "|com\\.fasterxml|dev\\.gatehouse\\.|Caused by|\\tat |\\bSQL|PSQL|stack ?trace", Pattern.CASE_INSENSITIVE);
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final java.util.Set<Integer> HTTP_LAYER_REFUSALS = java.util.Set.of(400, 413, 414, 431);
    private static final String JSON = "application/json";

    /** Bodies that are not valid form encoding, or are form encoding of hostile values. */
    static final List<byte[]> BAD_FORMS = List.of(
            ascii("username=%zz&password=x"),
            ascii("username=%&password=%"),
            ascii("username=%E9%zz&password=%G0"),
            ascii("username=%FF%FE%C0%80&password=%C3%28"),
            ascii("username=a%00b%40example.com&password=x%00y"),
            ascii("username=%01%02%1B%7F%C2%85&password=%E2%80%AE"),
            ascii("username=%E2%80%8Bvictim%40example.com&password=%EF%BB%BFx"),
            ascii("username=%ED%A0%80%40example.com&password=%F4%90%80%80"),
            ascii("username=" + "a".repeat(9_000) + "&password=x"),
            ascii("username=a&password=" + "%F0%9F%98%80".repeat(3_000)),
            ascii("username[]=a&username[]=b&password[0]=x"),
            ascii("username=a&username=b&password=x&password=y&grant_type=password&grant_type=x"),
            ascii("=&&&==&%=%&"),
            ascii(""),
            ascii("{\"username\":\"a@example.com\",\"password\":\"x\"}"),
            bytes("username=", new byte[]{(byte) 0xff, (byte) 0xfe, (byte) 0xc3}, "&password=", new byte[]{(byte) 0x80, 0}),
            ascii("refresh_token=%zz&token=%zz&mfa_token=%zz&since=%zz&csrf=%zz&return_to=%zz"),
            ascii("token=" + "x".repeat(8_000) + "&refresh_token=" + "%00".repeat(2_000)));

    /** Bodies that are not JSON, or JSON of the wrong shape or with hostile values. */
    static final List<byte[]> BAD_JSON = List.of(
            ascii("{"), ascii("["), ascii("}"), ascii(""), ascii("null"), ascii("42"), ascii("\"text\""), ascii("true"),
            ascii("[]"), ascii("[{}]"), ascii("{}x"), ascii("{\"email\":\"a\"}{\"email\":\"b\"}"),
            ascii("{\"email\":5,\"password\":6,\"displayName\":7,\"refresh_token\":8,\"currentPassword\":9,\"newPassword\":10,\"roles\":11,\"endOtherSessions\":12}"),
            ascii("{\"email\":[\"a\"],\"password\":[],\"displayName\":{},\"refresh_token\":[],\"currentPassword\":{},\"newPassword\":[1],\"roles\":\"admin\",\"endOtherSessions\":[]}"),
            ascii("{\"email\":{\"$ne\":null},\"password\":{\"a\":1},\"roles\":{\"admin\":true},\"endOtherSessions\":\"yes\"}"),
            ascii("{\"email\":null,\"password\":null,\"displayName\":null,\"refresh_token\":null,\"roles\":null,\"endOtherSessions\":null}"),
            ascii("{\"email\":true,\"password\":false,\"roles\":[null,5,true],\"endOtherSessions\":1e400}"),
            ascii("{\"email\":\"a\\u0000b@example.com\",\"password\":\"Quiet-Harbor-7391\\u0000\",\"displayName\":\"x\\u0000\",\"refresh_token\":\"\\u0000\",\"currentPassword\":\"\\u0000\",\"newPassword\":\"\\u0000\"}"),
            ascii("{\"email\":\"\\ud800@example.com\",\"password\":\"\\udfff\\ud800Quiet-Harbor-7391\",\"displayName\":\"\\ud83d\",\"newPassword\":\"\\udc00Quiet-Harbor-7391\"}"),
            ascii("{\"email\":\"\\u200bvictim@example.com\",\"password\":\"Quiet-Harbor-7391\",\"displayName\":\"\\u202eevil\\u0001\"}"),
            ascii("{\"email\":1" + "0".repeat(5_000) + ",\"password\":1e999999999,\"endOtherSessions\":-0.0e-99999}"),
            ascii("{\"email\":\"" + "\\u00e9".repeat(10_000) + "@example.com\",\"password\":\"" + "p".repeat(20_000) + "\"}"),
            ascii("[".repeat(5_000) + "]".repeat(5_000)),
            ascii("{\"a\":".repeat(3_000) + "1" + "}".repeat(3_000)),
            ascii("email=a%40example.com&password=x"),
            bytes("{\"email\":\"", new byte[]{(byte) 0xff, (byte) 0xfe, (byte) 0xc3, 0x28}, "@example.com\",\"password\":\"", new byte[]{(byte) 0xc0, (byte) 0x80}, "\"}"),
            bytes("", new byte[]{(byte) 0xef, (byte) 0xbb, (byte) 0xbf}, "{\"email\":\"a@example.com\"}"),
            ascii("{'email': 'a@example.com', password: x}"),
            ascii("{\"email\":\"not-an-email\",\"password\":\"Quiet-Harbor-7391\",\"roles\":[\"" + "x".repeat(300) + "\"]}"));

    /** Content types a body-taking endpoint does not take, or cannot parse. */
    static final List<String> BAD_CONTENT_TYPES = List.of("text/plain", "application/xml", "multipart/form-data; boundary=x",
            "application/octet-stream", "application/json; charset=nonsense", "application/x-www-form-urlencoded; charset=nonsense",
            "garbage", "application/", "/", ";;;", "application/json; charset=\"", "*/*");

    /** Bearer and Basic credentials that are not valid. */
    static final List<String> BAD_AUTHORIZATIONS = List.of("Bearer", "Bearer ", "Bearer %00", "Bearer a.b.c", "Bearer ...",
            "Bearer " + "x".repeat(6_000), "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", "Bearer \u00e9\u00e9", "bearer  x y z",
            "Basic", "Basic !!!", "Basic " + Base64.getEncoder().encodeToString(new byte[]{(byte) 0xff, ':', (byte) 0xfe}),
            "Basic " + Base64.getEncoder().encodeToString("id".getBytes(StandardCharsets.UTF_8)),
            "Basic " + Base64.getEncoder().encodeToString(":".getBytes(StandardCharsets.UTF_8)),
            "Basic " + Base64.getEncoder().encodeToString("resource-server:\u0000".getBytes(StandardCharsets.UTF_8)),
            "Basic " + "A".repeat(6_000), "Digest x", "%zz");

    /** Query strings and path segments that are not valid percent-encoding, or decode to hostile values. */
    static final List<String> BAD_PARAMS = List.of("%zz", "%", "%E9", "%00", "%C0%80", "%FF%FE", "%E2%80%AE", "%E2%80%8B",
            "%ED%A0%80", "a".repeat(3_000), "%25", "..%2F..%2F", "{x}", "%7Bx%7D", "-1", "1e99", "99999999999999999999",
            "2147483647", "-2147483648", "%20", "null", "%0D%0ASet-Cookie:%20x=y");

    private final List<String> failures = new ArrayList<>();
    private String userToken;
    private String adminToken;

    @BeforeEach
    void accounts() {
        userToken = Api.newUserToken();
        String email = Api.uniqueEmail();
        String id = Api.register(email, Api.PASSWORD);
        promoteToAdmin(UUID.fromString(id));
        adminToken = Api.login(email, Api.PASSWORD);
    }

    @Test
    void registerWhenMalformedInputThenClientErrorProblem() {
        sweepJsonEndpoint("POST", "/auth/register", null, Shape.PROBLEM);
    }

    @Test
    void loginWhenMalformedInputThenClientErrorOAuthError() {
        sweepFormEndpoint("POST", "/auth/login", null, Shape.OAUTH, false);
        // Client details that are stored with the session and the audit record: a real login with hostile ones.
        String email = Api.uniqueEmail();
        Api.register(email, Api.PASSWORD);
        for (String agent : List.of("a\u0000b", "\u0001\u001b[31m", "\u00ff\u00fe", "x".repeat(5_000))) {
            check("login with User-Agent " + shorten(agent), call(null, List.of("User-Agent", agent, "X-Forwarded-For", agent))
                    .type(FORM).body(ascii("username=" + email.replace("@", "%40") + "&password=" + Api.PASSWORD)).send("POST", "/auth/login"),
                    Shape.OAUTH, true);
        }
        for (String a : BAD_AUTHORIZATIONS) {
            check("login with Authorization " + shorten(a), call(null, List.of("Authorization", a))
                    .type(FORM).body(ascii("username=a%40example.com&password=x")).send("POST", "/auth/login"), Shape.OAUTH);
        }
        done();
    }

    @Test
    void refreshWhenMalformedInputThenClientErrorOAuthError() {
        sweepFormEndpoint("POST", "/auth/refresh", null, Shape.OAUTH, false);
        for (byte[] body : BAD_JSON) {
            check("POST /auth/refresh JSON " + shorten(body), call(null, List.of()).type(JSON).body(body).send("POST", "/auth/refresh"),
                    Shape.OAUTH);
        }
        for (String cookie : List.of("__Host-gatehouse-session=%zz", "__Host-gatehouse-session=" + "x".repeat(3_000),
                "__Host-gatehouse-session=\"", "__Host-gatehouse-session=a; __Host-gatehouse-session=b", "=;=;;", "__Host-gatehouse-session=%00")) {
            check("POST /auth/refresh cookie " + shorten(cookie), call(null, List.of("Cookie", cookie, "X-Requested-With", "fetch"))
                    .send("POST", "/auth/refresh"), Shape.OAUTH);
        }
        done();
    }

    @Test
    void oauthEndpointsWhenMalformedInputThenClientErrorOAuthError() {
        String basic = "Basic " + Base64.getEncoder().encodeToString("resource-server:rs-secret-for-tests-only".getBytes(StandardCharsets.UTF_8));
        for (String path : List.of("/oauth2/introspect", "/oauth2/revoke")) {
            // Introspection and revocation answer 200 to any token, so acceptance is fine here; a 5xx or a leak is not.
            sweepFormEndpoint("POST", path, basic, Shape.OAUTH, true);
            for (String a : BAD_AUTHORIZATIONS) {
                check(path + " Authorization " + shorten(a), call(null, List.of("Authorization", a))
                        .type(FORM).body(ascii("token=x")).send("POST", path), Shape.OAUTH);
            }
        }
        for (String since : BAD_PARAMS) {
            // Any integer is a cursor (it answers what came after it), so a page of the feed is a fine answer.
            check("GET /auth/revocations?since=" + shorten(since), call(basic, List.of()).send("GET", "/auth/revocations?since=" + since),
                    Shape.OAUTH, true);
        }
        for (String a : BAD_AUTHORIZATIONS) {
            check("GET /auth/revocations Authorization " + shorten(a), call(null, List.of("Authorization", a)).send("GET", "/auth/revocations"),
                    Shape.OAUTH);
        }
        done();
    }

    @Test
    void bearerEndpointsWhenMalformedInputThenClientErrorProblem() {
        for (String path : List.of("/auth/me", "/auth/sessions", "/auth/identities")) {
            for (String a : BAD_AUTHORIZATIONS) {
                check("GET " + path + " Authorization " + shorten(a), call(null, List.of("Authorization", a)).send("GET", path), Shape.PROBLEM);
            }
            for (String q : BAD_PARAMS) {
                check("GET " + path + "?x=" + shorten(q), call(userToken, List.of()).send("GET", path + "?x=" + q + "&" + q + "=" + q), Shape.PROBLEM,
                        true);
            }
        }
        for (String path : List.of("/auth/logout", "/auth/logout-all", "/auth/password")) {
            for (String a : BAD_AUTHORIZATIONS) {
                check("POST " + path + " Authorization " + shorten(a), call(null, List.of("Authorization", a)).send("POST", path), Shape.PROBLEM);
            }
        }
        sweepJsonEndpoint("POST", "/auth/password", userToken, Shape.PROBLEM);
        for (String id : BAD_PARAMS) {
            check("DELETE /auth/sessions/" + shorten(id), call(userToken, List.of()).send("DELETE", "/auth/sessions/" + id), Shape.PROBLEM);
            check("DELETE /auth/identities/" + shorten(id), call(userToken, List.of()).send("DELETE", "/auth/identities/" + id), Shape.PROBLEM);
            check("POST /auth/identities/" + shorten(id) + "/link", call(userToken, List.of()).send("POST", "/auth/identities/" + id + "/link"),
                    Shape.PROBLEM);
            check("POST /auth/identities/google/link?return_to=" + shorten(id), call(userToken, List.of())
                    .send("POST", "/auth/identities/google/link?return_to=" + id), Shape.PROBLEM, true);
        }
        done();
    }

    @Test
    void adminAccountsWhenMalformedInputThenClientErrorProblem() {
        for (String q : BAD_PARAMS) {
            check("GET /admin/accounts?q=" + shorten(q), call(adminToken, List.of()).send("GET", "/admin/accounts?q=" + q), Shape.PROBLEM, true);
            for (String query : List.of("page=" + q, "size=" + q, "q=" + q + "&page=" + q + "&size=" + q)) {
                check("GET /admin/accounts?" + shorten(query), call(adminToken, List.of()).send("GET", "/admin/accounts?" + query), Shape.PROBLEM);
            }
            check("GET /admin/accounts/" + shorten(q), call(adminToken, List.of()).send("GET", "/admin/accounts/" + q), Shape.PROBLEM);
            for (String action : List.of("disable", "enable", "logout-all")) {
                check("POST /admin/accounts/" + shorten(q) + "/" + action,
                        call(adminToken, List.of()).send("POST", "/admin/accounts/" + q + "/" + action), Shape.PROBLEM);
            }
            check("DELETE /admin/accounts/" + shorten(q), call(adminToken, List.of()).send("DELETE", "/admin/accounts/" + q), Shape.PROBLEM);
        }
        for (String query : List.of("page=2147483647&size=200", "page=10737419&size=200", "page=1073741824&size=2", "page=-1", "size=0",
                "size=201", "page=2147483648", "size=-2147483649")) {
            check("GET /admin/accounts?" + query, call(adminToken, List.of()).send("GET", "/admin/accounts?" + query), Shape.PROBLEM);
        }
        sweepJsonEndpoint("PUT", "/admin/accounts/" + UUID.randomUUID() + "/roles", adminToken, Shape.PROBLEM);
        for (String a : BAD_AUTHORIZATIONS) {
            check("GET /admin/accounts Authorization " + shorten(a), call(null, List.of("Authorization", a)).send("GET", "/admin/accounts"),
                    Shape.PROBLEM);
            // Never with a valid admin token: rotating keys is not something this test should do.
            check("POST /admin/keys/rotate Authorization " + shorten(a), call(null, List.of("Authorization", a)).send("POST", "/admin/keys/rotate"),
                    Shape.PROBLEM);
        }
        check("POST /admin/keys/rotate as a user", call(userToken, List.of()).send("POST", "/admin/keys/rotate"), Shape.PROBLEM);
        done();
    }

    @Test
    void adminAuditWhenMalformedInputThenClientErrorProblem() {
        for (String q : BAD_PARAMS) {
            for (String name : List.of("account", "type", "from", "to", "page", "size")) {
                // A blank value (%20) is no filter, so a page of events is a fine answer.
                check("GET /admin/audit?" + name + "=" + shorten(q), call(adminToken, List.of()).send("GET", "/admin/audit?" + name + "=" + q),
                        Shape.PROBLEM, true);
            }
        }
        for (String time : List.of("+1000000-01-01T00:00:00Z", "-290000-01-01T00:00:00Z", "+294277-01-01T00:00:00Z",
                "-4714-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z", "-1000000000-01-01T00:00:00Z", "2026-13-45T99:99:99Z",
                "2026-01-01", "1e12")) {
            String encoded = time.replace("+", "%2B");
            for (String name : List.of("from", "to")) {
                check("GET /admin/audit?" + name + "=" + time, call(adminToken, List.of()).send("GET", "/admin/audit?" + name + "=" + encoded),
                        Shape.PROBLEM);
            }
        }
        for (String query : List.of("page=2147483647&size=200", "page=10737419&size=200", "page=1073741824&size=2")) {
            check("GET /admin/audit?" + query, call(adminToken, List.of()).send("GET", "/admin/audit?" + query), Shape.PROBLEM);
        }
        done();
    }

    @Test
    void hostedPageWhenMalformedInputThenClientErrorPage() {
        RawHttp.Reply page = call(null, List.of()).send("GET", "/login");
        String csrf = page.header("set-cookie").replaceAll("^__Host-gatehouse-csrf=([^;]+);.*$", "$1");
        String field = page.body().replaceAll("(?s).*name=\"csrf\" value=\"([^\"]+)\".*", "$1");
        List<String> cookie = List.of("Cookie", "__Host-gatehouse-csrf=" + csrf);
        for (byte[] body : BAD_FORMS) {
            byte[] withCsrf = concat(body, ascii("&csrf=" + field));
            check("POST /login " + shorten(body), call(null, cookie).type(FORM).body(withCsrf).send("POST", "/login"), Shape.PAGE);
            check("POST /login without csrf " + shorten(body), call(null, List.of()).type(FORM).body(body).send("POST", "/login"), Shape.PAGE);
        }
        for (String type : BAD_CONTENT_TYPES) {
            check("POST /login as " + type, call(null, cookie).type(type).body(ascii("username=a&csrf=" + field)).send("POST", "/login"),
                    Shape.PAGE);
        }
        for (String q : BAD_PARAMS) {
            check("GET /login?return_to=" + shorten(q), call(null, List.of()).send("GET", "/login?return_to=" + q + "&error=" + q), Shape.PAGE,
                    true);
            check("GET /login/signed-in?" + shorten(q), call(null, List.of()).send("GET", "/login/signed-in?x=" + q), Shape.PAGE, true);
            check("GET /auth/social/" + shorten(q) + "/login", call(null, List.of()).send("GET", "/auth/social/" + q + "/login?return_to=" + q),
                    Shape.PROBLEM);
            // A provider that is on answers these with a redirect (to the provider, or back to the hosted page).
            check("GET /auth/social/google/login?return_to=" + shorten(q),
                    call(null, List.of()).send("GET", "/auth/social/google/login?return_to=" + q + "&flow=" + q), Shape.PROBLEM, true);
            check("GET /auth/social/github/callback?code=" + shorten(q),
                    call(null, List.of()).send("GET", "/auth/social/github/callback?code=" + q + "&state=" + q), Shape.PROBLEM, true);
        }
        for (String c : List.of("__Host-gatehouse-csrf=%zz", "__Host-gatehouse-csrf=\"", "__Host-gatehouse-csrf=" + "x".repeat(3_000))) {
            check("GET /login cookie " + shorten(c), call(null, List.of("Cookie", c)).send("GET", "/login"), Shape.PAGE, true);
        }
        done();
    }

    @Test
    void discoveryWhenMalformedInputThenNeverServerError() {
        for (String path : List.of("/.well-known/jwks.json", "/.well-known/openid-configuration")) {
            for (String q : BAD_PARAMS) {
                check("GET " + path + "?" + shorten(q), call(null, List.of("If-None-Match", "\"" + q + "\"")).send("GET", path + "?x=" + q),
                        Shape.PROBLEM, true);
            }
            check("POST " + path, call(null, List.of()).type(JSON).body(ascii("{")).send("POST", path), Shape.PROBLEM);
        }
        for (String q : BAD_PARAMS) {
            check("GET /" + shorten(q), call(null, List.of()).send("GET", "/" + q), Shape.PROBLEM);
        }
        done();
    }

    /** API keys, the token endpoint and registered clients (issue 11). */
    @Test
    void apiKeyAndClientEndpointsWhenMalformedInputThenClientError() {
        String basic = "Basic " + Base64.getEncoder().encodeToString("resource-server:rs-secret-for-tests-only".getBytes(StandardCharsets.UTF_8));
        sweepFormEndpoint("POST", "/oauth2/token", null, Shape.OAUTH, false);
        // With a configured client's credentials a form that names client_credentials is a fine request.
        sweepFormEndpoint("POST", "/oauth2/token", basic, Shape.OAUTH, true);
        for (String a : BAD_AUTHORIZATIONS) {
            check("POST /oauth2/token Authorization " + shorten(a), call(null, List.of("Authorization", a))
                    .type(FORM).body(ascii("grant_type=client_credentials")).send("POST", "/oauth2/token"), Shape.OAUTH);
        }
        for (String q : BAD_PARAMS) {
            for (String form : List.of("grant_type=" + q, "grant_type=client_credentials&client_id=" + q + "&client_secret=" + q,
                    "grant_type=client_credentials&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion=" + q,
                    "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Atoken-exchange&subject_token_type=urn%3Agatehouse%3Atoken-type%3Aapi-key&subject_token=gk_" + q)) {
                check("POST /oauth2/token " + shorten(form), call(null, List.of()).type(FORM).body(ascii(form)).send("POST", "/oauth2/token"),
                        Shape.OAUTH);
            }
            check("GET /auth/me X-API-Key " + shorten(q), call(null, List.of("X-API-Key", "gk_" + q)).send("GET", "/auth/me"), Shape.PROBLEM);
            check("DELETE /auth/api-keys/" + shorten(q), call(userToken, List.of()).send("DELETE", "/auth/api-keys/" + q), Shape.PROBLEM);
            check("GET /admin/clients/" + shorten(q), call(adminToken, List.of()).send("GET", "/admin/clients/" + q), Shape.PROBLEM);
            for (String action : List.of("disable", "enable")) {
                check("POST /admin/clients/" + shorten(q) + "/" + action,
                        call(adminToken, List.of()).send("POST", "/admin/clients/" + q + "/" + action), Shape.PROBLEM);
            }
        }
        for (String a : BAD_AUTHORIZATIONS) {
            check("GET /auth/me X-API-Key " + shorten(a), call(null, List.of("X-API-Key", a)).send("GET", "/auth/me"), Shape.PROBLEM);
            check("GET /auth/api-keys Authorization " + shorten(a), call(null, List.of("Authorization", a)).send("GET", "/auth/api-keys"),
                    Shape.PROBLEM);
        }
        sweepJsonEndpoint("POST", "/auth/api-keys", userToken, Shape.PROBLEM);
        sweepJsonEndpoint("POST", "/admin/clients", adminToken, Shape.PROBLEM);
        sweepJsonEndpoint("POST", "/admin/clients/resource-server/secret", adminToken, Shape.PROBLEM);
        done();
    }

    // ---- sweeps -------------------------------------------------------------------------------

    private void sweepFormEndpoint(String method, String path, String credentials, Shape shape, boolean mayAccept) {
        for (byte[] body : BAD_FORMS) {
            check(method + " " + path + " form " + shorten(body), send(method, path, credentials, FORM, body), shape, mayAccept);
        }
        for (String type : BAD_CONTENT_TYPES) {
            check(method + " " + path + " as " + type, send(method, path, credentials, type, ascii("username=a&token=b")), shape, mayAccept);
        }
        for (byte[] body : List.of(ascii("{\"username\":\"a\",\"password\":\"b\",\"token\":\"c\",\"refresh_token\":\"d\"}"), ascii("[1,2]"))) {
            check(method + " " + path + " JSON instead of a form", send(method, path, credentials, JSON, body), shape);
        }
        check(method + " " + path + " without a content type", send(method, path, credentials, null, ascii("username=a")), shape);
        check(method + " " + path + " oversized", send(method, path, credentials, FORM, ascii("username=" + "a".repeat(70_000))), shape);
        check("GET " + path, send("GET", path, credentials, null, null), shape);
        done();
    }

    private void sweepJsonEndpoint(String method, String path, String credentials, Shape shape) {
        for (byte[] body : BAD_JSON) {
            check(method + " " + path + " JSON " + shorten(body), send(method, path, credentials, JSON, body), shape);
        }
        for (String type : BAD_CONTENT_TYPES) {
            check(method + " " + path + " as " + type, send(method, path, credentials, type, ascii("{\"email\":\"a@example.com\"}")), shape);
        }
        check(method + " " + path + " form instead of JSON", send(method, path, credentials, FORM, ascii("email=a%40example.com&password=x")), shape);
        check(method + " " + path + " without a content type", send(method, path, credentials, null, ascii("{}")), shape);
        check(method + " " + path + " oversized", send(method, path, credentials, JSON,
                ascii("{\"email\":\"" + "a".repeat(70_000) + "\"}")), shape);
        done();
    }

    // ---- plumbing -----------------------------------------------------------------------------

    private RawHttp.Reply send(String method, String path, String credentials, String contentType, byte[] body) {
        Call c = call(credentials, List.of());
        if (contentType != null) {
            c.type(contentType);
        }
        return c.body(body).send(method, path);
    }

    /** A request sent exactly as written (see {@link RawHttp}); {@code credentials} is a bearer token or a whole Basic header. */
    private static Call call(String credentials, List<String> headers) {
        Call c = new Call();
        if (credentials != null) {
            c.headers.add("Authorization");
            c.headers.add(credentials.startsWith("Basic ") ? credentials : "Bearer " + credentials);
        }
        c.headers.addAll(headers);
        return c;
    }

    private static final class Call {
        private final List<String> headers = new ArrayList<>();
        private byte[] body;

        Call type(String contentType) {
            headers.add("Content-Type");
            headers.add(contentType);
            return this;
        }

        Call body(byte[] b) {
            body = b;
            return this;
        }

        RawHttp.Reply send(String method, String target) {
            return RawHttp.send(method, target, headers, body);
        }
    }

    private void check(String what, RawHttp.Reply r, Shape shape) {
        check(what, r, shape, false);
    }

    /** Records a failure unless {@code r} is a refusal of the expected shape (or, when {@code mayAccept}, a success). */
    private void check(String what, RawHttp.Reply r, Shape shape, boolean mayAccept) {
        int status = r.status();
        String body = r.body();
        String type = r.contentType();
        if (LEAK.matcher(body).find() || r.headers().stream().anyMatch(h -> LEAK.matcher(h.getValue()).find())) {
            failures.add(what + " -> " + status + " leaks internals: " + shorten(body));
            return;
        }
        if (mayAccept && status >= 200 && status < 400) {
            return;
        }
        if (status < 400 || status > 499) {
            failures.add(what + " -> " + status + " " + shorten(body));
            return;
        }
        if (HTTP_LAYER_REFUSALS.contains(status) && body.isEmpty() && type.isEmpty()) {
            // Refused by Vert.x's HTTP codec or Quarkus's body limit before any route runs: an
            // unparsable request line (bad percent-encoding in the path or query, '{' in the URI),
            // a URI or headers over the limit, a Content-Length over max-body-size. Nothing of the
            // application is involved and nothing leaks; there is no hook to give these a body.
            return;
        }
        boolean problem = type.startsWith("application/problem+json") && body.contains("\"type\":\"urn:gatehouse:problem:")
                && body.contains("\"status\":" + status);
        boolean oauth = type.startsWith("application/json") && body.matches("(?s)\\{.*\"error\":\"[a-z_]+\".*\\}");
        boolean page = type.startsWith("text/html") && body.contains("<form");
        boolean ok = switch (shape) {
            case PROBLEM -> problem;
            case OAUTH -> oauth;
            case PAGE -> page || problem;
        };
        if (!ok) {
            failures.add(what + " -> " + status + " not a " + shape + " (" + type + "): " + shorten(body));
        }
    }

    private void done() {
        if (!failures.isEmpty()) {
            List<String> copy = List.copyOf(failures);
            failures.clear();
            fail(copy.size() + " bad answers:\n" + String.join("\n", copy));
        }
    }

    /** Gives the account the admin role in the database the service under test uses (no bean: this test also runs against the jar). */
    static void promoteToAdmin(UUID id) {
        // The %test database; a run pointed elsewhere (-Dquarkus.datasource.jdbc.url, or the environment for the jar) follows it.
        String url = System.getProperty("quarkus.datasource.jdbc.url",
                System.getenv().getOrDefault("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/test"));
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
             PreparedStatement s = c.prepareStatement("UPDATE account SET roles = 'user,admin' WHERE id = ?")) {
            s.setObject(1, id);
            if (s.executeUpdate() != 1) {
                throw new IllegalStateException("no account " + id);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Text and raw bytes, alternating, starting with text. */
    static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) {
            out.writeBytes(p instanceof String s ? s.getBytes(StandardCharsets.US_ASCII) : (byte[]) p);
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        return bytes(a, b);
    }

    private static String shorten(byte[] body) {
        return shorten(new String(body, StandardCharsets.ISO_8859_1));
    }

    private static String shorten(String s) {
        String printable = s.replaceAll("\\p{Cntrl}", "?");
        return printable.length() <= 80 ? printable : printable.substring(0, 60) + "…(" + printable.length() + " chars)";
    }
}
