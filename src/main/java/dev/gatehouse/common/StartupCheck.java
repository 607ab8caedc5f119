package dev.gatehouse.common;

/**
 * A check of the configuration that must pass before the service changes anything: run by
 * {@link Preflight} before the database migrations. Throws {@link IllegalStateException} with a
 * message for the operator (naming the environment variable) to refuse to start.
 */
public interface StartupCheck {

    void check();
}
