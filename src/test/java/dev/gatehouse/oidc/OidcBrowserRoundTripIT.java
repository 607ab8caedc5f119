package dev.gatehouse.oidc;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The Chromium round trip against the packaged jar. */
@QuarkusIntegrationTest
class OidcBrowserRoundTripIT extends OidcBrowserRoundTripTest {
}
