package dev.gatehouse.page;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** HostedPagesTest again, against the packaged jar. */
@QuarkusIntegrationTest
class HostedPagesIT extends HostedPagesTest {
}
