package dev.gatehouse.account;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** What an account looks like from outside: never a hash or secret. */
public record AccountView(UUID id, String email, boolean emailVerified, String displayName, Set<String> roles,
                          boolean active, Instant createdAt, List<String> identities, Mfa mfa) {

    /** MFA state: whether TOTP is on, and how many unused backup codes are left (never a secret or code). */
    public record Mfa(boolean totp, int backupCodesLeft) {
        public static final Mfa OFF = new Mfa(false, 0);
    }

    static AccountView of(Account a) {
        return of(a, List.of(), Mfa.OFF);
    }

    static AccountView of(Account a, List<String> identities, Mfa mfa) {
        return new AccountView(a.id, a.email, a.emailVerified, a.displayName, a.roleSet(), a.active, a.createdAt,
                List.copyOf(identities), mfa);
    }
}
