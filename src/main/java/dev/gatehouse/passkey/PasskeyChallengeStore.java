package dev.gatehouse.passkey;

import java.time.Duration;
import java.util.Optional;

/**
 * The pending WebAuthn ceremonies: a challenge and what it is bound to, under a random handle,
 * short-lived and single use ({@link #take} removes it atomically, so of two finishes with one
 * handle, on any instances, exactly one gets it). Shared by all instances (Redis); the embedded
 * default keeps them in memory. Throws {@link dev.gatehouse.common.DependencyUnavailableException}
 * when the store cannot answer (the caller fails closed).
 */
public interface PasskeyChallengeStore {

    void put(String handle, String value, Duration ttl);

    /** The value stored under {@code handle}, removed in the same step; empty when unknown, used or expired. */
    Optional<String> take(String handle);
}
