package dev.gatehouse.account;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** What an account looks like from outside: never a hash or secret. */
public record AccountView(UUID id, String email, boolean emailVerified, String displayName, Set<String> roles,
                          boolean active, Instant createdAt, List<String> identities, Mfa mfa) {

    /** MFA state; TOTP arrives with the MFA capability. */
    public record Mfa(boolean enabled, List<String> methods) {
    }

    static AccountView of(Account a) {
        return of(a, List.of());
    }

    static AccountView of(Account a, List<String> identities) {
        return new AccountView(a.id, a.email, a.emailVerified, a.displayName, a.roleSet(), a.active, a.createdAt,
                List.copyOf(identities), new Mfa(false, List.of()));
    }
}
