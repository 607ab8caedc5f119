package dev.gatehouse.session;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** LogoutPageTest again, against the packaged jar. */
@QuarkusIntegrationTest
class LogoutPageIT extends LogoutPageTest {
}
