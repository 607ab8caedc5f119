package dev.gatehouse.lifecycle;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same tests against the packaged jar, mailing to the same real SMTP server. */
@QuarkusIntegrationTest
class LifecycleResourceIT extends LifecycleResourceTest {
}
