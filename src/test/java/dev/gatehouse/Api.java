package dev.gatehouse;

import io.restassured.http.ContentType;

import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Calls the public API the way a client would; shared by the resource tests and their *IT twins. */
public final class Api {

    /** Passes every password rule. */
    public static final String PASSWORD = "Quiet-Harbor-7391";

    private Api() {
    }

    public static String uniqueEmail() {
        return "u-" + UUID.randomUUID() + "@example.com";
    }

    public static String register(String email, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("email", email, "password", password))
                .when().post("/auth/register")
                .then().statusCode(201)
                .extract().path("id");
    }

    public static String login(String email, String password) {
        return given().contentType(ContentType.URLENC)
                .formParam("grant_type", "password").formParam("username", email).formParam("password", password)
                .when().post("/auth/login")
                .then().statusCode(200)
                .extract().path("access_token");
    }

    /** A fresh account and an access token for it. */
    public static String newUserToken() {
        String email = uniqueEmail();
        register(email, PASSWORD);
        return login(email, PASSWORD);
    }

    /**
     * A fresh admin and an access token for it: the role is written to the test database before
     * the first login (the bootstrap admin exists only on an empty database).
     */
    public static String newAdminToken() {
        String email = uniqueEmail();
        String id = register(email, PASSWORD);
        TestDatabase.storeRoles(id, "user", "admin");
        return login(email, PASSWORD);
    }

    public static int meStatus(String token) {
        return given().auth().oauth2(token).when().get("/auth/me").then().extract().statusCode();
    }

    /** A string field of a JWT's header (part 0) or payload (part 1), read without verifying. */
    public static String jwtField(String token, int part, String field) {
        String json = new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[part]), java.nio.charset.StandardCharsets.UTF_8);
        return json.replaceAll(".*\"" + field + "\":\"([^\"]+)\".*", "$1");
    }

    /** The token's {@code iat} (a number, which {@link #jwtField} does not read), read without verifying. */
    public static long iatOf(String token) {
        String json = new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]), java.nio.charset.StandardCharsets.UTF_8);
        return Long.parseLong(json.replaceAll(".*\"iat\":(\\d+).*", "$1"));
    }

    public static String kidOf(String token) {
        return jwtField(token, 0, "kid");
    }
}
