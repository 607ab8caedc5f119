package dev.gatehouse.login;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The hosted page again, against the packaged jar. */
@QuarkusIntegrationTest
class HostedLoginPageIT extends HostedLoginPageTest {
}
