package dev.gatehouse.oidc;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The OpenID Provider's cases against the packaged jar. */
@QuarkusIntegrationTest
class OpenIdProviderIT extends OpenIdProviderTest {
}
