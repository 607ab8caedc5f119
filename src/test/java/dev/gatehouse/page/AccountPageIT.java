package dev.gatehouse.page;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** AccountPageTest again, against the packaged jar. */
@QuarkusIntegrationTest
class AccountPageIT extends AccountPageTest {
}
