package dev.gatehouse.mfa;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same tests against the packaged jar. */
@QuarkusIntegrationTest
class MfaResourceIT extends MfaResourceTest {
}
