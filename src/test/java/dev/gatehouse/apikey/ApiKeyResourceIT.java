package dev.gatehouse.apikey;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same tests against the packaged jar. */
@QuarkusIntegrationTest
class ApiKeyResourceIT extends ApiKeyResourceTest {
}
