package dev.gatehouse.session;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same tests against the packaged jar. */
@QuarkusIntegrationTest
class BrowserSessionIT extends BrowserSessionTest {
}
