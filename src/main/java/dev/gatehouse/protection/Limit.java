package dev.gatehouse.protection;

/** The answer of one rate-limit hit. */
public record Limit(boolean allowed, long retryAfterSeconds) {

    public static final Limit ALLOWED = new Limit(true, 0);
}
