package dev.gatehouse.apikey;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Last-used times are batched (flushed through the bean, so no IT twin). */
@QuarkusTest
class LastUsedRecorderTest {

    @Inject
    LastUsedRecorder lastUsed;

    /** Last-used times are gathered in memory and written by the flush, not by each request. */
    @Test
    void authenticateWhenKeyUsedThenLastUsedWrittenByTheFlushOnly() {
        ApiKeyResourceTest.Owner owner = ApiKeyResourceTest.Owner.create();
        Map<String, Object> created = ApiKeyResourceTest.createKey(owner.token(), List.of("openid"));
        String key = (String) created.get("key");
        lastUsed.flush();
        for (int i = 0; i < 3; i++) {
            assertEquals(200, ApiKeyResourceTest.meWithKey(key));
        }
        assertNull(given().auth().oauth2(owner.token()).get("/auth/api-keys").then().extract().path("find { it.id == '" + created.get("id") + "' }.lastUsedAt"));
        assertTrue(lastUsed.flush() >= 1);
        String lastUsedAt = given().auth().oauth2(owner.token()).get("/auth/api-keys").then().extract()
                .path("find { it.id == '" + created.get("id") + "' }.lastUsedAt");
        assertNotEquals(null, lastUsedAt);
    }
}
