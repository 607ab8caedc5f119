package dev.gatehouse.password;

import dev.gatehouse.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** SECURITY-CASES 25 with the optional Have I Been Pwned range check. */
@QuarkusTest
@TestProfile(HibpProfile.class)
class BreachedPasswordTest {

    private static final String BREACHED = "Correct-Horse-Battery-Staple-9";

    @BeforeEach
    void stubs() {
        HibpStub.server.resetAll();
        String hash = BreachedPasswordCheck.sha1(BREACHED);
        HibpStub.server.stubFor(get(urlPathMatching("/range/.*")).willReturn(aResponse().withStatus(200)
                .withBody("0018A45C4D1DEF81644B54AB7F969B88D65:0\r\n00D4F6E8FA6EECAD2A3AA415EEC418D38EC:2")));
        HibpStub.server.stubFor(get(urlEqualTo("/range/" + hash.substring(0, 5))).willReturn(aResponse().withStatus(200)
                .withBody("0018A45C4D1DEF81644B54AB7F969B88D65:1\r\n" + hash.substring(5) + ":3861493\r\n")));
    }

    private static io.restassured.response.ValidatableResponse register(String password) {
        return given().contentType(ContentType.JSON).body(Map.of("email", Api.uniqueEmail(), "password", password))
                .post("/auth/register").then();
    }

    @Test
    void registerWhenPasswordInABreachThenBadRequestNamingRule() {
        register(BREACHED).statusCode(400).body("rule", equalTo("password_breached"));
        // Only the 5-character prefix left this service.
        HibpStub.server.verify(getRequestedFor(urlEqualTo("/range/" + BreachedPasswordCheck.sha1(BREACHED).substring(0, 5))));
    }

    @Test
    void registerWhenPasswordNotInABreachThenCreated() {
        register(Api.PASSWORD).statusCode(201);
    }

    @Test
    void registerWhenBreachServiceDownThenUnavailableNotUnchecked() {
        HibpStub.server.resetAll();
        HibpStub.server.stubFor(get(urlPathMatching("/range/.*")).willReturn(aResponse().withStatus(503)));
        register(Api.PASSWORD).statusCode(503);
    }
}
