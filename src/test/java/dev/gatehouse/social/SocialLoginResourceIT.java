package dev.gatehouse.social;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The Google round trip again, against the packaged jar. */
@QuarkusIntegrationTest
class SocialLoginResourceIT extends SocialLoginResourceTest {
}
