package dev.gatehouse.social;

import dev.gatehouse.common.AesGcm;
import dev.gatehouse.common.GatehouseConfig;
import dev.gatehouse.common.HostCookie;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.NewCookie;

import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * What our side of a social flow must remember between its start and the callback: the provider,
 * where to return, and for a link flow the signed-in account. It travels in one short-lived
 * {@code __Host-} cookie sealed with AES-GCM (so it is bound to this browser and cannot be forged or
 * read), next to quarkus-oidc's own state cookie that holds state, nonce and PKCE verifier.
 */
@ApplicationScoped
public class SocialFlowCookies {

    public static final String NAME = "__Host-gatehouse-social";
    private static final byte[] AAD = "gatehouse social flow v1".getBytes(StandardCharsets.UTF_8);

    /**
     * A flow in progress. {@code linkAccount} is set when a signed-in person links a provider, and
     * {@code linkSession} then names the session (refresh family) that started it: the link is
     * written only while that session is still live (a reset of the account ends it).
     */
    public record Flow(SocialProvider provider, String returnTo, UUID linkAccount, UUID linkSession, Instant expiresAt) {
    }

    private final SecretKeySpec key;
    private final Clock clock;
    private final SocialConfig config;

    public SocialFlowCookies(GatehouseConfig gatehouse, SocialConfig config, Clock clock) {
        this.key = AesGcm.deriveKey(gatehouse.keyEncryptionSecret(), "gatehouse social flow cookie v1");
        this.clock = clock;
        this.config = config;
    }

    /** A sign-in flow (no link). */
    public NewCookie start(SocialProvider provider, String returnTo) {
        return start(provider, returnTo, null, null);
    }

    /** A flow; with {@code linkAccount}, a link started by its session {@code linkSession}. */
    public NewCookie start(SocialProvider provider, String returnTo, UUID linkAccount, UUID linkSession) {
        Instant expires = clock.instant().plus(config.flowLifetime());
        String plain = provider.id() + "|" + (linkAccount == null ? "-" : linkAccount) + "|" + (linkSession == null ? "-" : linkSession)
                + "|" + expires.getEpochSecond() + "|" + returnTo;
        return cookie(AesGcm.seal(key, plain.getBytes(StandardCharsets.UTF_8), AAD), (int) config.flowLifetime().toSeconds());
    }

    public NewCookie clear() {
        return cookie("", 0);
    }

    /** The flow, when the cookie is present, intact and not expired. */
    public Optional<Flow> open(String value) {
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        try {
            // A cookie of the earlier four-part form (no linking session) no longer opens: it lives minutes.
            String[] parts = new String(AesGcm.open(key, value, AAD), StandardCharsets.UTF_8).split("\\|", 5);
            if (parts.length != 5) {
                return Optional.empty();
            }
            Instant expires = Instant.ofEpochSecond(Long.parseLong(parts[3]));
            if (!clock.instant().isBefore(expires)) {
                return Optional.empty();
            }
            Optional<SocialProvider> provider = SocialProvider.byId(parts[0]);
            UUID link = "-".equals(parts[1]) ? null : UUID.fromString(parts[1]);
            UUID session = "-".equals(parts[2]) ? null : UUID.fromString(parts[2]);
            return provider.map(p -> new Flow(p, parts[4], link, session, expires));
        } catch (GeneralSecurityException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static NewCookie cookie(String value, int maxAge) {
        return HostCookie.of(NAME, value, maxAge, NewCookie.SameSite.LAX);
    }
}
