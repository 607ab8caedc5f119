package dev.gatehouse.social;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same tests against the packaged jar. */
@QuarkusIntegrationTest
class SocialSecurityIT extends SocialSecurityTest {
}
