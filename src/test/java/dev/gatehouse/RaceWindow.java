package dev.gatehouse;

import dev.gatehouse.account.AccountLocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Race tests: runs a concurrent change in the window between a credential check and the account
 * row's lock ({@link AccountLocking}), once, for one account, on the thread of the sign-in (which
 * holds no row lock yet). The change is usually a password reset over HTTP (another worker thread,
 * its own transaction), so it commits before the sign-in takes the lock: the order a real race can
 * produce, made certain without sleeps.
 */
@ApplicationScoped
public class RaceWindow {

    private static final Map<UUID, Runnable> ONCE = new ConcurrentHashMap<>();
    private static final Map<UUID, AtomicInteger> RAN = new ConcurrentHashMap<>();

    /** Runs {@code change} the next time a sign-in of {@code accountId} is about to lock its row. */
    public static void once(UUID accountId, Runnable change) {
        RAN.put(accountId, new AtomicInteger());
        ONCE.put(accountId, change);
    }

    /** How many times the change of {@code accountId} ran (0 or 1). */
    public static int ran(UUID accountId) {
        AtomicInteger n = RAN.get(accountId);
        return n == null ? 0 : n.get();
    }

    /** Forgets a change that never ran. */
    public static void clear(UUID accountId) {
        ONCE.remove(accountId);
    }

    /**
     * A password reset of {@code email}'s account (never proven: it sweeps) that runs in the window
     * of the account's next sign-in: its HTTP status once it ran (204 when it went through).
     */
    public static AtomicInteger resetInTheWindow(UUID accountId, String email) {
        dev.gatehouse.lifecycle.Lifecycle.forgot(email).then().statusCode(202);
        String token = dev.gatehouse.lifecycle.Lifecycle.resetToken(email, 1);
        AtomicInteger status = new AtomicInteger();
        once(accountId, () -> status.set(dev.gatehouse.lifecycle.Lifecycle.reset(token,
                dev.gatehouse.lifecycle.Lifecycle.NEW_PASSWORD, null, null).statusCode()));
        return status;
    }

    /** The account's live refresh families (sessions, client families). */
    public static long liveSessions(UUID accountId) {
        return TestDatabase.queryLong("SELECT count(*) FROM refresh_family WHERE account_id = ? AND revoked_at IS NULL", accountId);
    }

    void onLocking(@Observes AccountLocking locking) {
        Runnable change = ONCE.remove(locking.accountId());
        if (change != null) {
            change.run();
            RAN.get(locking.accountId()).incrementAndGet();
        }
    }
}
