package dev.gatehouse.keys;

import dev.gatehouse.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
class JwksResourceTest {

    @Test
    void jwksWhenFetchedThenPublicKeysOnlyWithCacheHeaders() {
        Response r = given().when().get("/.well-known/jwks.json");
        r.then().statusCode(200)
                .contentType(containsString("application/jwk-set+json"))
                .header("Cache-Control", containsString("max-age="))
                .header("ETag", notNullValue())
                .body("keys.kty", everyItem(equalTo("RSA")))
                .body("keys.alg", everyItem(equalTo("RS256")))
                .body("keys.use", everyItem(equalTo("sig")));
        List<Map<String, Object>> keys = r.path("keys");
        for (Map<String, Object> k : keys) {
            for (String privatePart : List.of("d", "p", "q", "dp", "dq", "qi")) {
                assertThat(k.keySet(), not(hasItem(privatePart)));
            }
        }
    }

    @Test
    void jwksWhenETagMatchesThenNotModified() {
        String etag = given().when().get("/.well-known/jwks.json").header("ETag");
        given().header("If-None-Match", etag).when().get("/.well-known/jwks.json").then().statusCode(304);
    }

    @Test
    void jwksWhenTokenIssuedThenItsKidIsPublished() {
        String token = Api.newUserToken();
        String kid = Api.kidOf(token);
        given().when().get("/.well-known/jwks.json").then().body("keys.kid", hasItem(kid));
    }

    @Test
    void discoveryWhenFetchedThenNamesIssuerAndEndpoints() {
        given().when().get("/.well-known/openid-configuration")
                .then().statusCode(200)
                .body("issuer", equalTo("http://localhost:8081"))
                .body("jwks_uri", endsWith("/.well-known/jwks.json"))
                .body("token_endpoint", endsWith("/oauth2/token"))
                .body("introspection_endpoint", endsWith("/oauth2/introspect"))
                .body("revocation_endpoint", endsWith("/oauth2/revoke"));
    }

    /** Only what is implemented (the OpenID Provider's fields: oidc/OpenIdProviderTest); nothing it does not do. */
    @Test
    void discoveryWhenFetchedThenAdvertisesOnlyImplementedFeatures() {
        Map<String, Object> d = given().get("/.well-known/openid-configuration").then().statusCode(200)
                .extract().jsonPath().getMap("");
        for (String absent : List.of("registration_endpoint", "device_authorization_endpoint", "pushed_authorization_request_endpoint",
                "frontchannel_logout_supported", "check_session_iframe")) {
            assertThat(absent, d.containsKey(absent), equalTo(false));
        }
        assertThat(d.get("introspection_endpoint_auth_methods_supported"), equalTo(List.of("client_secret_basic")));
        assertThat(d.get("revocation_endpoint_auth_methods_supported"), equalTo(List.of("client_secret_basic")));
        // The default deployment keeps RS256 keys only (GATEHOUSE_KEYS_ALGORITHMS); keys/KeyTypesTest enables the others.
        assertThat(d.get("id_token_signing_alg_values_supported"), equalTo(List.of("RS256")));
        // The password grant stays at /auth/login, and is not listed for /oauth2/token.
        assertThat(((List<?>) d.get("grant_types_supported")).contains("password"), equalTo(false));
        given().formParam("grant_type", "password").post("/oauth2/token")
                .then().statusCode(400).body("error", equalTo("unsupported_grant_type"));
    }
}
