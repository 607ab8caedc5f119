package dev.gatehouse.client;

/**
 * Remembers the {@code jti} of every {@code private_key_jwt} assertion until it expires, so each
 * is accepted once. Shared by all instances (Redis); the embedded default keeps them in memory.
 */
public interface AssertionReplayStore {

    /**
     * True the first time this client presents this {@code jti} within {@code ttlSeconds}; false
     * for a replay. Throws {@link dev.gatehouse.common.DependencyUnavailableException} when the
     * store cannot answer (the caller fails closed).
     */
    boolean firstUse(String clientId, String jti, long ttlSeconds);
}
