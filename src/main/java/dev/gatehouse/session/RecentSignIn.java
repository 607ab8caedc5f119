package dev.gatehouse.session;

import dev.gatehouse.common.ProblemException;
import dev.gatehouse.token.RefreshTokenService;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The "recent sign-in" rule of the sensitive actions that do not ask for the password again: the
 * caller's session (the access token's {@code sid}, or the browser session) signed in within
 * {@link SessionConfig#recentSignIn()}. A stolen access token or an old browser session cannot
 * turn itself into a lasting foothold (an authenticator app or a linked provider of the thief's).
 */
@ApplicationScoped
public class RecentSignIn {

    private final RefreshTokenService sessions;
    private final Clock clock;
    private final Duration window;

    public RecentSignIn(RefreshTokenService sessions, Clock clock, SessionConfig config) {
        this.sessions = sessions;
        this.clock = clock;
        this.window = config.recentSignIn();
    }

    public Duration window() {
        return window;
    }

    /** True when {@code signedInAt} is within the window. */
    public boolean isRecent(Instant signedInAt) {
        return isRecent(signedInAt, window);
    }

    /** True when {@code signedInAt} is within {@code within} (an action with its own window, e.g. adding a passkey). */
    public boolean isRecent(Instant signedInAt, Duration within) {
        return signedInAt != null && !signedInAt.isBefore(clock.instant().minus(within));
    }

    /** 403 {@code recent-sign-in-required} unless the token's session signed in within the window. */
    public void require(JsonWebToken token, String action) {
        requireSession(token, window, action);
    }

    /**
     * The session (refresh family, the access token's {@code sid}) of {@code token} when it signed
     * in within {@code within}; 403 {@code recent-sign-in-required} otherwise (no {@code sid}, an
     * ended session, another account's, or too old).
     */
    public UUID requireSession(JsonWebToken token, Duration within, String action) {
        Object sid = token == null ? null : token.getClaim("sid");
        UUID family = null;
        Optional<Instant> signedIn = Optional.empty();
        if (sid != null) {
            try {
                family = UUID.fromString(sid.toString());
                signedIn = sessions.signedInAt(family, UUID.fromString(token.getSubject()));
            } catch (IllegalArgumentException e) {
                signedIn = Optional.empty();
            }
        }
        if (signedIn.isEmpty() || !isRecent(signedIn.get(), within)) {
            throw new ProblemException(403, "recent-sign-in-required", "Sign in again",
                    action + " needs a session that signed in within the last " + within.toMinutes()
                            + " minutes: sign in again, then try once more.");
        }
        return family;
    }
}
