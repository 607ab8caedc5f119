package dev.gatehouse.token;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same tests against the packaged jar. */
@QuarkusIntegrationTest
class TokenResourceIT extends TokenResourceTest {
}
