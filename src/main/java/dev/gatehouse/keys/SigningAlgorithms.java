package dev.gatehouse.keys;

import dev.gatehouse.common.StartupCheck;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The signing algorithms of this deployment ({@code gatehouse.keys.algorithms}) and the one of
 * access tokens ({@code gatehouse.keys.access-token-algorithm}), checked before anything is written
 * ({@link StartupCheck}, run by {@code Preflight}): an unknown name, a list without RS256, or an
 * access-token algorithm outside the list stops the start with a message naming the variable.
 */
@ApplicationScoped
public class SigningAlgorithms implements StartupCheck {

    private final List<SigningAlgorithm> enabled;
    private final SigningAlgorithm accessToken;
    private final String error;

    public SigningAlgorithms(KeyConfig config) {
        List<SigningAlgorithm> list = List.of(SigningAlgorithm.RS256);
        SigningAlgorithm access = SigningAlgorithm.RS256;
        String problem = null;
        try {
            list = parse(config.algorithms());
            access = accessTokenAlgorithm(config.accessTokenAlgorithm(), list);
        } catch (IllegalStateException e) {
            problem = e.getMessage();
        }
        this.enabled = list;
        this.accessToken = access;
        this.error = problem;
    }

    @Override
    public void check() {
        if (error != null) {
            throw new IllegalStateException(error);
        }
    }

    /** The enabled algorithms, RS256 first, then in the order configured. */
    public List<SigningAlgorithm> enabled() {
        check();
        return enabled;
    }

    /** The {@code alg} names of {@link #enabled()}. */
    public List<String> names() {
        return enabled().stream().map(SigningAlgorithm::jose).toList();
    }

    public boolean isEnabled(SigningAlgorithm alg) {
        return enabled().contains(alg);
    }

    /** The algorithm access tokens are signed with (when its key is active; RS256 until then). */
    public SigningAlgorithm accessToken() {
        check();
        return accessToken;
    }

    static List<SigningAlgorithm> parse(List<String> names) {
        Set<SigningAlgorithm> set = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        for (String raw : names) {
            String name = raw == null ? "" : raw.strip();
            if (name.isEmpty()) {
                continue;
            }
            SigningAlgorithm.of(name).ifPresentOrElse(set::add, () -> unknown.add(name));
        }
        if (!unknown.isEmpty()) {
            throw new IllegalStateException("GATEHOUSE_KEYS_ALGORITHMS (gatehouse.keys.algorithms): unknown signing algorithm "
                    + String.join(", ", unknown) + "; allowed: " + String.join(", ", SigningAlgorithm.names())
                    + " (exact spelling). Nothing was changed.");
        }
        if (!set.contains(SigningAlgorithm.RS256)) {
            throw new IllegalStateException("GATEHOUSE_KEYS_ALGORITHMS (gatehouse.keys.algorithms) must include RS256: OpenID Connect"
                    + " requires it for ID tokens and it is the default of every client. Nothing was changed.");
        }
        List<SigningAlgorithm> ordered = new ArrayList<>();
        ordered.add(SigningAlgorithm.RS256);
        set.stream().filter(a -> a != SigningAlgorithm.RS256).forEach(ordered::add);
        return List.copyOf(ordered);
    }

    static SigningAlgorithm accessTokenAlgorithm(String name, List<SigningAlgorithm> enabled) {
        String n = name == null ? "" : name.strip();
        SigningAlgorithm alg = SigningAlgorithm.of(n).orElseThrow(() -> new IllegalStateException(
                "GATEHOUSE_KEYS_ACCESS_TOKEN_ALGORITHM (gatehouse.keys.access-token-algorithm): unknown signing algorithm " + n
                        + "; allowed: " + String.join(", ", SigningAlgorithm.names()) + ". Nothing was changed."));
        if (!enabled.contains(alg)) {
            throw new IllegalStateException("GATEHOUSE_KEYS_ACCESS_TOKEN_ALGORITHM (gatehouse.keys.access-token-algorithm) is " + n
                    + ", which is not in GATEHOUSE_KEYS_ALGORITHMS (" + String.join(",", enabled.stream().map(SigningAlgorithm::jose).toList())
                    + "): add it there. Nothing was changed.");
        }
        return alg;
    }
}
