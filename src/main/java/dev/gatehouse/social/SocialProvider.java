package dev.gatehouse.social;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The social providers; each is a quarkus-oidc tenant of the same name and an {@code amr} value. */
public enum SocialProvider {
    GOOGLE("google", "Google"),
    GITHUB("github", "GitHub");

    private final String id;
    private final String label;

    SocialProvider(String id, String label) {
        this.id = id;
        this.label = label;
    }

    /** Path segment, quarkus-oidc tenant id and {@code amr} value. */
    public String id() {
        return id;
    }

    public String label() {
        return label;
    }

    public static Optional<SocialProvider> byId(String id) {
        if (id == null) {
            return Optional.empty();
        }
        String wanted = id.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(p -> p.id.equals(wanted)).findFirst();
    }
}
