package dev.gatehouse.passkey;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same tests against the packaged jar. */
@QuarkusIntegrationTest
class PasskeyResourceIT extends PasskeyResourceTest {
}
