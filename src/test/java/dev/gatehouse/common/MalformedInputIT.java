package dev.gatehouse.common;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The malformed-input sweep against the packaged jar. */
@QuarkusIntegrationTest
class MalformedInputIT extends MalformedInputTest {
}
