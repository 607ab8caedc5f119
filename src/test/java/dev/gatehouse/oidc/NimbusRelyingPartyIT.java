package dev.gatehouse.oidc;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** Nimbus against the packaged jar. */
@QuarkusIntegrationTest
class NimbusRelyingPartyIT extends NimbusRelyingPartyTest {
}
