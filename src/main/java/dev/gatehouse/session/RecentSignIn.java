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
        return signedInAt != null && !signedInAt.isBefore(clock.instant().minus(window));
    }

    /** 403 {@code recent-sign-in-required} unless the token's session signed in within the window. */
    public void require(JsonWebToken token, String action) {
        Object sid = token == null ? null : token.getClaim("sid");
        Optional<Instant> signedIn = Optional.empty();
        if (sid != null) {
            try {
                signedIn = sessions.signedInAt(UUID.fromString(sid.toString()), UUID.fromString(token.getSubject()));
            } catch (IllegalArgumentException e) {
                signedIn = Optional.empty();
            }
        }
        if (signedIn.isEmpty() || !isRecent(signedIn.get())) {
            throw new ProblemException(403, "recent-sign-in-required", "Sign in again",
                    action + " needs a session that signed in within the last " + window.toMinutes()
                            + " minutes: sign in again, then try once more.");
        }
    }
}
