package dev.gatehouse.token;

import dev.gatehouse.audit.AuditEvent;
import dev.gatehouse.audit.AuditEventType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.UUID;

/** Test-only time travel and look-ups for refresh-token families. */
@ApplicationScoped
public class RefreshFixtures {

    @Transactional
    public UUID familyOf(String refreshToken) {
        return RefreshToken.<RefreshToken>findById(RefreshTokenService.hash(refreshToken)).familyId;
    }

    @Transactional
    public void expireAbsolute(UUID familyId) {
        RefreshFamily.update("absoluteExpiresAt = ?1 where id = ?2", Instant.now().minusSeconds(1), familyId);
    }

    @Transactional
    public void idleSince(UUID familyId, Instant lastUsed) {
        RefreshFamily.update("lastUsedAt = ?1 where id = ?2", lastUsed, familyId);
    }

    @Transactional
    public long tokensInFamily(UUID familyId) {
        return RefreshToken.count("familyId", familyId);
    }

    @Transactional
    public boolean revoked(UUID familyId) {
        return RefreshFamily.<RefreshFamily>findById(familyId).revokedAt != null;
    }

    @Transactional
    public long auditCount(UUID accountId, AuditEventType type) {
        return AuditEvent.count("accountId = ?1 and type = ?2", accountId, type);
    }
}
