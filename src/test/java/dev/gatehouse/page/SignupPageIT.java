package dev.gatehouse.page;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** SignupPageTest again, against the packaged jar. */
@QuarkusIntegrationTest
class SignupPageIT extends SignupPageTest {
}
