package dev.gatehouse.lifecycle;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same page tests against the packaged jar. */
@QuarkusIntegrationTest
class LifecyclePageIT extends LifecyclePageTest {
}
