package dev.gatehouse.oidc;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** openid-client against the packaged jar. */
@QuarkusIntegrationTest
class OpenIdClientNodeIT extends OpenIdClientNodeTest {
}
