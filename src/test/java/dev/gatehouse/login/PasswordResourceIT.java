package dev.gatehouse.login;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same tests against the packaged jar. */
@QuarkusIntegrationTest
class PasswordResourceIT extends PasswordResourceTest {
}
