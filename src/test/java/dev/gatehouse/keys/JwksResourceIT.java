package dev.gatehouse.keys;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same tests against the packaged jar. */
@QuarkusIntegrationTest
class JwksResourceIT extends JwksResourceTest {
}
