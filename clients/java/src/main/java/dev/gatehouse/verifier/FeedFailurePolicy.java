package dev.gatehouse.verifier;

import java.time.Duration;

/**
 * What the verifier does while the revocation feed cannot be read. Before the first successful
 * read every token is refused, whatever the policy.
 */
public final class FeedFailurePolicy {

    private final Duration openFor;

    private FeedFailurePolicy(Duration openFor) {
        this.openFor = openFor;
    }

    /**
     * The default: every token is refused ({@code UNAVAILABLE}) from the first failed poll, or once
     * a poll is overdue, until the feed answers again.
     */
    public static FeedFailurePolicy failClosed() {
        return new FeedFailurePolicy(Duration.ZERO);
    }

    /**
     * Keeps answering from the last known revocations for {@code window} after the last successful
     * poll, then refuses every token. Revocations made meanwhile are not seen: keep it short.
     */
    public static FeedFailurePolicy failOpenFor(Duration window) {
        if (window.isNegative()) {
            throw new IllegalArgumentException("window must not be negative");
        }
        return new FeedFailurePolicy(window);
    }

    /** Zero for fail closed. */
    public Duration openFor() {
        return openFor;
    }

    public boolean failsClosed() {
        return openFor.isZero();
    }

    @Override
    public String toString() {
        return failsClosed() ? "fail closed" : "fail open for " + openFor;
    }
}
