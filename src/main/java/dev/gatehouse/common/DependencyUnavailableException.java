package dev.gatehouse.common;

/**
 * A dependency (Redis, the database, the hashing pool) cannot answer. Always answered with 503
 * and {@code Retry-After}: the service fails closed and never guesses "not revoked".
 */
public class DependencyUnavailableException extends RuntimeException {

    public DependencyUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
