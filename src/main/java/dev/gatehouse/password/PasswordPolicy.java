package dev.gatehouse.password;

import com.nulabinc.zxcvbn.Zxcvbn;
import dev.gatehouse.common.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The rules a new password must meet. Length is checked first, so nothing expensive runs on a
 * huge input. Each broken rule is a 400 whose {@code rule} field names it.
 */
@ApplicationScoped
public class PasswordPolicy {

    /** zxcvbn's list of the 30,000 most common passwords, shipped inside its jar. */
    static final String COMMON_PASSWORDS = "com/nulabinc/zxcvbn/matchers/dictionaries/passwords.txt";

    private final PasswordConfig config;
    private final BreachedPasswordCheck breaches;
    private final Set<String> common;
    private final Zxcvbn zxcvbn = new Zxcvbn();

    public PasswordPolicy(PasswordConfig config, BreachedPasswordCheck breaches) {
        this.config = config;
        this.breaches = breaches;
        this.common = loadCommon();
    }

    /** Throws a 400 naming the first broken rule; {@code email} may be null. */
    public void check(String password, String email) {
        if (password == null || password.isEmpty()) {
            throw ProblemException.invalid("password_missing", "A password is required.");
        }
        if (password.length() > config.maxLength() * 2 || password.codePointCount(0, password.length()) > config.maxLength()) {
            throw ProblemException.invalid("password_too_long",
                    "The password must have at most " + config.maxLength() + " characters.");
        }
        if (password.codePoints().anyMatch(cp -> Character.getType(cp) == Character.SURROGATE || Character.getType(cp) == Character.UNASSIGNED)) {
            // Neither has a stable normal form (UAX #15 "stabilized strings"); an unpaired surrogate has no UTF-8 form at all.
            throw ProblemException.invalid("password_invalid_character",
                    "The password contains a character that is not valid text.");
        }
        // The rules judge what is hashed: the normalised form (so full-width "ｐａｓｓｗｏｒｄ" is as common as "password").
        password = PasswordHasher.normalise(password);
        if (password.codePointCount(0, password.length()) < config.minLength()) {
            throw ProblemException.invalid("password_too_short",
                    "The password must have at least " + config.minLength() + " characters.");
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (common.contains(lower)) {
            throw ProblemException.invalid("password_common",
                    "This password is one of the most common passwords; choose another.");
        }
        String local = email == null ? null : email.substring(0, Math.max(0, email.indexOf('@'))).toLowerCase(Locale.ROOT);
        if (local != null && local.length() >= 3 && lower.contains(local)) {
            throw ProblemException.invalid("password_contains_email",
                    "The password must not contain your e-mail address.");
        }
        if (zxcvbn.measure(password, local == null ? List.of() : List.of(local)).getScore() < config.minStrength()) {
            throw ProblemException.invalid("password_too_weak",
                    "The password is too easy to guess; use a longer phrase or more varied characters.");
        }
        if (breaches.enabled() && breaches.breached(password)) {
            throw ProblemException.invalid("password_breached",
                    "This password appears in a known data breach; choose another.");
        }
    }

    /** True when the password may be hashed at all (used by login, which never hashes oversized input). */
    public boolean withinLengthLimit(String password) {
        return password != null && password.length() <= config.maxLength() * 2
                && password.codePointCount(0, password.length()) <= config.maxLength();
    }

    private static Set<String> loadCommon() {
        Set<String> set = new HashSet<>(40_000);
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(COMMON_PASSWORDS)) {
            if (in == null) {
                throw new IllegalStateException("common-password list missing from the class path");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = reader.readLine()) != null; ) {
                if (!line.isBlank()) {
                    set.add(line.trim().toLowerCase(Locale.ROOT));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Set.copyOf(set);
    }
}
