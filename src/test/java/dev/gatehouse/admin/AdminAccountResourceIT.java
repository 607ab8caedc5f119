package dev.gatehouse.admin;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same tests against the packaged jar. */
@QuarkusIntegrationTest
class AdminAccountResourceIT extends AdminAccountResourceTest {
}
