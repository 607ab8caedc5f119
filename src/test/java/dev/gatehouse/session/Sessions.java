package dev.gatehouse.session;

import dev.gatehouse.Api;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import static io.restassured.RestAssured.given;

/** Client calls for the refresh and session tests. */
final class Sessions {

    private Sessions() {
    }

    static Response loginPair(String email) {
        return given().contentType(ContentType.URLENC).formParam("username", email).formParam("password", Api.PASSWORD)
                .post("/auth/login").then().statusCode(200).extract().response();
    }

    static Response refresh(String refreshToken) {
        return given().contentType(ContentType.URLENC).formParam("grant_type", "refresh_token")
                .formParam("refresh_token", refreshToken).post("/auth/refresh");
    }

    static String newAccount() {
        String email = Api.uniqueEmail();
        Api.register(email, Api.PASSWORD);
        return email;
    }
}
