package dev.gatehouse.social;

import dev.gatehouse.common.ProblemException;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.Config;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which providers are on (a provider is on when its client id is set, see {@link SocialTenantSwitch}),
 * and the startup check that refuses to run a provider without its 32+ character secrets.
 */
@ApplicationScoped
public class SocialProviders {

    static final int MIN_SECRET_LENGTH = 32;

    private final Set<SocialProvider> enabled = EnumSet.noneOf(SocialProvider.class);
    private final SocialConfig config;

    public SocialProviders(Config mp, SocialConfig config) {
        this.config = config;
        for (SocialProvider p : SocialProvider.values()) {
            if (mp.getOptionalValue("quarkus.oidc." + p.id() + ".tenant-enabled", Boolean.class).orElse(false)) {
                enabled.add(p);
            }
        }
    }

    void check(@Observes StartupEvent event) {
        if (enabled.isEmpty()) {
            return;
        }
        requireSecret("GATEHOUSE_SOCIAL_STATE_SECRET", config.stateSecret());
        requireSecret("GATEHOUSE_SOCIAL_TOKEN_ENCRYPTION_SECRET", config.tokenEncryptionSecret());
    }

    private static void requireSecret(String name, Optional<String> value) {
        if (value.map(String::length).orElse(0) < MIN_SECRET_LENGTH) {
            throw new IllegalStateException(name + " must be set (at least " + MIN_SECRET_LENGTH
                    + " characters, the same on every instance) while a social provider is on");
        }
    }

    public boolean isEnabled(SocialProvider provider) {
        return enabled.contains(provider);
    }

    /** The providers that are on, in a stable order (for the buttons on the hosted page). */
    public List<SocialProvider> enabled() {
        return Arrays.stream(SocialProvider.values()).filter(enabled::contains).toList();
    }

    /** The provider named in a path, or 404 when it is unknown or off (an off provider is hidden). */
    public SocialProvider require(String id) {
        return SocialProvider.byId(id).filter(enabled::contains)
                .orElseThrow(() -> new ProblemException(404, "unknown-provider", "Unknown provider",
                        "No sign-in provider of this name is configured."));
    }
}
