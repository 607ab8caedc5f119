package dev.gatehouse.token;

import io.smallrye.mutiny.Uni;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Revocations in this process only: the embedded default, where one instance runs. It starts
 * empty and unseeded, so every start copies the durable revocations in from the database before
 * the first check answers: a token logged out before a restart stays refused after it.
 */
public class InMemoryRevocationStore implements RevocationStore {

    private record Expiring(long value, long expiresAtMillis) {
    }

    private final Clock clock;
    private final Map<String, Expiring> tokens = new ConcurrentHashMap<>();
    private final Map<String, Expiring> watermarks = new ConcurrentHashMap<>();
    private final AtomicLong applied = new AtomicLong();
    private volatile boolean seeded;

    public InMemoryRevocationStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Uni<Verdict> check(String jti, String accountId, long iat, long slotSequence) {
        // One process: nothing here can miss a write another one made, so no part is ever behind.
        if (!seeded) {
            return Uni.createFrom().item(Verdict.UNSEEDED);
        }
        long now = clock.millis();
        if (live(tokens.get(jti), now) != null) {
            return Uni.createFrom().item(Verdict.REVOKED);
        }
        Expiring nbf = live(watermarks.get(accountId), now);
        return Uni.createFrom().item(nbf != null && iat < nbf.value() ? Verdict.REVOKED : Verdict.VALID);
    }

    @Override
    public void revokeToken(String accountId, String jti, long ttlSeconds, long seq) {
        sweep();
        tokens.merge(jti, new Expiring(1, clock.millis() + ttlSeconds * 1000),
                (a, b) -> a.expiresAtMillis() >= b.expiresAtMillis() ? a : b);
    }

    @Override
    public void setNotBefore(String accountId, long notBefore, long ttlSeconds, long seq) {
        long expires = clock.millis() + ttlSeconds * 1000;
        watermarks.merge(accountId, new Expiring(notBefore, expires),
                (a, b) -> new Expiring(Math.max(a.value(), b.value()), Math.max(a.expiresAtMillis(), b.expiresAtMillis())));
    }

    @Override
    public boolean seeded() {
        return seeded;
    }

    @Override
    public void seed(List<Entry> entries, long seq) {
        for (Entry e : entries) {
            if (e.kind() == Entry.Kind.TOKEN) {
                revokeToken(e.accountId(), e.key(), e.ttlSeconds(), e.seq());
            } else {
                setNotBefore(e.accountId(), e.value(), e.ttlSeconds(), e.seq());
            }
        }
        markApplied(seq);
        seeded = true;
    }

    @Override
    public long slotSequence(String accountId) {
        return seeded ? applied.get() : -1;
    }

    @Override
    public void raiseSlotSequence(String accountId, long seq) {
        // One sequence for the whole process (see check).
    }

    @Override
    public long appliedSequence() {
        return applied.get();
    }

    @Override
    public void markApplied(long seq) {
        applied.accumulateAndGet(seq, Math::max);
    }

    @Override
    public Uni<Void> ping() {
        return Uni.createFrom().voidItem();
    }

    private static Expiring live(Expiring e, long now) {
        return e != null && e.expiresAtMillis() > now ? e : null;
    }

    private void sweep() {
        long now = clock.millis();
        tokens.values().removeIf(e -> e.expiresAtMillis() <= now);
        watermarks.values().removeIf(e -> e.expiresAtMillis() <= now);
    }
}
