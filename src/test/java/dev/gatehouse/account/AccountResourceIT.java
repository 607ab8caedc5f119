package dev.gatehouse.account;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same tests against the packaged jar. */
@QuarkusIntegrationTest
class AccountResourceIT extends AccountResourceTest {
}
