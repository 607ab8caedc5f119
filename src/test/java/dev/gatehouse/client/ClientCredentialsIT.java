package dev.gatehouse.client;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same tests against the packaged jar. */
@QuarkusIntegrationTest
class ClientCredentialsIT extends ClientCredentialsTest {
}
