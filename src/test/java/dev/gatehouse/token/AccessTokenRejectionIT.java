package dev.gatehouse.token;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** Every forged, foreign, stale and revoked token again, against the packaged jar. */
@QuarkusIntegrationTest
class AccessTokenRejectionIT extends AccessTokenRejectionTest {
}
