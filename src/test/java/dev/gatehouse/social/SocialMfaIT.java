package dev.gatehouse.social;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The Google sign-in's code step again, against the packaged jar. */
@QuarkusIntegrationTest
class SocialMfaIT extends SocialMfaTest {
}
