package dev.gatehouse.passkey;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

import java.util.LinkedHashMap;
import java.util.Map;

import static io.restassured.RestAssured.given;

/** The passkey endpoints as a client calls them, with a {@link SoftAuthenticator} answering the ceremonies. */
public final class PasskeyApi {

    /** The test relying party: GATEHOUSE_ISSUER of the tests is http://localhost:8081. */
    public static final String ORIGIN = "http://localhost:8081";
    public static final String RP_ID = "localhost";

    private PasskeyApi() {
    }

    public record Options(String ceremony, Map<String, Object> publicKey) {
    }

    public static SoftAuthenticator authenticator() {
        return new SoftAuthenticator(ORIGIN, RP_ID);
    }

    public static Options registerOptions(String token) {
        Response r = given().auth().oauth2(token).post("/auth/passkeys/register/options");
        r.then().statusCode(200);
        return new Options(r.path("ceremony"), r.path("publicKey"));
    }

    public static Response finishRegistration(String token, String ceremony, String name, String credential) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"ceremony\":" + quote(ceremony) + ",\"name\":" + quote(name) + ",\"credential\":" + credential + "}")
                .post("/auth/passkeys/register");
    }

    /** Registers {@code a} on the account of {@code token}: the new passkey's id. */
    public static String register(String token, SoftAuthenticator a, String name) {
        Options o = registerOptions(token);
        return finishRegistration(token, o.ceremony(), name, a.create(o.publicKey())).then().statusCode(201).extract().path("id");
    }

    public static Options signInOptions() {
        Response r = given().contentType(ContentType.JSON).body("{}").post("/auth/passkeys/login/options");
        r.then().statusCode(200);
        return new Options(r.path("ceremony"), r.path("publicKey"));
    }

    public static Response finishSignIn(String ceremony, String credential) {
        return given().contentType(ContentType.JSON)
                .body("{\"ceremony\":" + quote(ceremony) + ",\"credential\":" + credential + "}")
                .post("/auth/passkeys/login");
    }

    /** A passwordless sign-in with {@code a}: the response. */
    public static Response signIn(SoftAuthenticator a) {
        Options o = signInOptions();
        return finishSignIn(o.ceremony(), a.get(o.publicKey()));
    }

    public static Map<String, Object> body(String ceremony, String credential) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ceremony", ceremony);
        m.put("credential", credential);
        return m;
    }

    static String quote(String s) {
        return s == null ? "null" : "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
