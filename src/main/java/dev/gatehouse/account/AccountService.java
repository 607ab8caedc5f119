package dev.gatehouse.account;

import dev.gatehouse.common.ProblemException;
import dev.gatehouse.common.Text;
import dev.gatehouse.common.UniqueViolation;
import dev.gatehouse.password.PasswordHasher;
import dev.gatehouse.password.PasswordPolicy;
import dev.gatehouse.token.RefreshTokenService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Set;
import java.util.UUID;

/** Accounts: registration, look-ups, password hash upgrades, the active flag. */
@ApplicationScoped
public class AccountService {

    private static final int MAX_DISPLAY_NAME = 200;
    static final long VIEW_TTL_MILLIS = 5_000;
    private static final int VIEW_CACHE_SIZE = 100_000;

    private record CachedView(AccountView view, long expiresAt, long loadedAt) {
    }

    private final Map<UUID, CachedView> views = new ConcurrentHashMap<>();

    private final PasswordPolicy policy;
    private final PasswordHasher hasher;
    private final Clock clock;
    private final RefreshTokenService sessions;

    private final LinkedIdentities identities;
    private final SecondFactors secondFactors;

    private final jakarta.enterprise.event.Event<Registered> registered;
    private final jakarta.enterprise.event.Event<AccountLocking> locking;

    public AccountService(PasswordPolicy policy, PasswordHasher hasher, Clock clock, RefreshTokenService sessions,
                          LinkedIdentities identities, SecondFactors secondFactors, jakarta.enterprise.event.Event<Registered> registered,
                          jakarta.enterprise.event.Event<AccountLocking> locking) {
        this.locking = locking;
        this.registered = registered;
        this.identities = identities;
        this.secondFactors = secondFactors;
        this.policy = policy;
        this.hasher = hasher;
        this.clock = clock;
        this.sessions = sessions;
    }

    /** Credentials of one account, as login needs them. */
    public record Credentials(UUID id, String passwordHash, boolean active, Set<String> roles, boolean emailVerified) {
    }

    /**
     * Fired inside the transaction that created a local account (so what observers write commits
     * with it): the lifecycle sends the verification mail from here.
     */
    public record Registered(UUID accountId, String email, java.util.Locale locale) {
    }

    /** What mailing an account needs: its address, whether it is proven, its language, whether it may sign in. */
    public record Contact(UUID id, String email, boolean emailVerified, java.util.Locale locale, boolean active, boolean hasPassword) {
    }

    /**
     * Registers a local account. Rules are checked before hashing; the hash runs outside the
     * transaction; a taken e-mail answers 409 even when two requests race for it.
     */
    public AccountView register(String rawEmail, String password, String displayName, Set<String> roles) {
        return register(rawEmail, password, displayName, roles, null);
    }

    /**
     * {@link #register(String, String, String, Set)} for a reader of {@code locale} (kept for the
     * mails the account gets; null for the default), firing {@link Registered} in its transaction.
     */
    public AccountView register(String rawEmail, String password, String displayName, Set<String> roles, java.util.Locale locale) {
        String email = EmailAddress.require(rawEmail);
        if (displayName != null && displayName.length() > MAX_DISPLAY_NAME) {
            throw ProblemException.invalid("display_name_too_long",
                    "The display name must have at most " + MAX_DISPLAY_NAME + " characters.");
        }
        if (Text.hasForbiddenInName(displayName)) {
            throw ProblemException.invalid("display_name_invalid_character",
                    "The display name must not contain control characters or text-direction overrides.");
        }
        policy.check(password, email);
        if (findCredentials(email).isPresent()) {
            throw emailTaken();
        }
        String hash = hasher.hash(password);
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
                Account a = new Account();
                a.id = UUID.randomUUID();
                a.email = email;
                a.displayName = displayName == null || displayName.isBlank() ? null : displayName.strip();
                a.passwordHash = hash;
                a.roles = String.join(",", roles);
                a.active = true;
                a.locale = locale == null ? null : dev.gatehouse.common.Languages.negotiate(List.of(locale)).toLanguageTag();
                a.createdAt = now;
                a.updatedAt = now;
                a.persistAndFlush();
                registered.fire(new Registered(a.id, a.email, dev.gatehouse.common.Languages.of(a.locale)));
                return AccountView.of(a);
            });
        } catch (PersistenceException e) {
            if (UniqueViolation.isCauseOf(e)) {
                throw emailTaken();
            }
            throw e;
        }
    }

    /** The account that {@code rawEmail} names; none (without a query) for a name that cannot be an address. */
    public Optional<Credentials> findCredentials(String rawEmail) {
        String email = EmailAddress.lookupKey(rawEmail);
        if (email == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(Account.findByEmail(email))
                .map(a -> new Credentials(a.id, a.passwordHash, a.active, a.roleSet(), a.emailVerified));
    }

    public Optional<AccountView> view(UUID id) {
        return Optional.ofNullable(Account.<Account>findById(id)).map(a -> AccountView.of(a, identities.providersOf(a.id), secondFactors.stateOf(a.id)));
    }

    /** What linking a provider identity by e-mail needs to know of the account holding that e-mail. */
    public record EmailOwner(UUID id, boolean emailVerified, boolean active) {
    }

    public Optional<EmailOwner> ownerOf(String normalisedEmail) {
        return Optional.ofNullable(Account.findByEmail(normalisedEmail)).map(a -> new EmailOwner(a.id, a.emailVerified, a.active));
    }

    /**
     * Creates an account for a person who signed in with a provider that vouched for the e-mail
     * (so it counts as verified); it has no password. Runs in the caller's transaction, so the
     * account and its identity are written together; a race on the e-mail fails that transaction.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public UUID createFederated(String normalisedEmail, String displayName, Set<String> roles) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Account a = new Account();
        a.id = UUID.randomUUID();
        a.email = normalisedEmail;
        a.emailVerified = true;
        // A provider's name is not refused, but what a name may not hold is dropped.
        String name = displayName == null ? "" : displayName.codePoints().filter(cp -> !Text.hasForbiddenInName(Character.toString(cp)))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString().strip();
        a.displayName = name.isEmpty() ? null : name.substring(0, Math.min(name.length(), MAX_DISPLAY_NAME));
        a.passwordHash = null;
        a.roles = String.join(",", roles);
        a.active = true;
        a.createdAt = now;
        a.updatedAt = now;
        a.persistAndFlush();
        return a.id;
    }

    /** Whether the account can sign in with a password (so a linked identity may be removed). */
    public boolean hasPassword(UUID id) {
        Account a = Account.findById(id);
        return a != null && a.passwordHash != null;
    }

    /** Drops this instance's cached view (after a change the view shows, such as a linked identity). */
    public void evictView(UUID id) {
        views.remove(id);
    }

    /**
     * The account view for {@code /auth/me}: from a short-lived per-instance cache when fresh
     * (without touching a worker thread), else read in a transaction on a worker thread. Changes
     * made through this instance evict at once; on other instances a view may be up to
     * {@link #VIEW_TTL_MILLIS} old. Revocation never depends on it (tokens are checked in Redis).
     */
    public Uni<Optional<AccountView>> cachedView(UUID id) {
        return cachedView(id, 0);
    }

    /**
     * As above, but a cached view loaded before {@code loadedAfterMillis} is not used: a bearer
     * token passes the end of its issue second ({@code (iat + 1) * 1000}), so a token issued after a
     * role change (which ends every older token) never sees a view another instance cached before
     * the change.
     */
    public Uni<Optional<AccountView>> cachedView(UUID id, long loadedAfterMillis) {
        CachedView hit = views.get(id);
        if (hit != null && hit.expiresAt() > System.currentTimeMillis() && hit.loadedAt() >= loadedAfterMillis) {
            return Uni.createFrom().item(Optional.of(hit.view()));
        }
        return Uni.createFrom().item(() -> {
                    long loadedAt = System.currentTimeMillis();
                    return QuarkusTransaction.requiringNew().call(() -> view(id)).map(v -> new CachedView(v, loadedAt + VIEW_TTL_MILLIS, loadedAt));
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .invoke(v -> v.ifPresent(cached -> {
                    if (views.size() >= VIEW_CACHE_SIZE) {
                        views.clear();
                    }
                    views.put(id, cached);
                }))
                .map(v -> v.map(CachedView::view));
    }

    /**
     * Runs {@code signIn} with the account's credentials as they are now, holding a shared lock on
     * its row ({@code SELECT … FOR SHARE}) until {@code signIn}'s work has committed, in a new
     * transaction. {@code signIn} gets null when the account is gone or disabled, or when
     * {@code stillValid} (run under the lock, in that transaction) says the credential the sign-in
     * used is no longer there: a passkey row, a linked identity, the password hash that was
     * checked. Whatever changes the account's row first (a role change, disable, delete, a
     * password reset and the sweep of a never-proven address that goes with it) then either
     * committed before, and {@code stillValid} sees its effect, or waits for this transaction, and
     * then ends the session written here with the others. So a sign-in whose check passed just
     * before such a change can never keep a session after it.
     *
     * <p>Lock order: the account row first, then what {@code signIn} writes (refresh families, key
     * rows), as the reset does (account row, then families). Nothing in {@code signIn} may write the
     * account row itself (two sign-ins holding the shared lock would deadlock on the upgrade).
     */
    public <T> T withCurrentCredentials(UUID id, java.util.function.Predicate<Credentials> stillValid,
                                        java.util.function.Function<Credentials, T> signIn) {
        return QuarkusTransaction.requiringNew().call(() -> {
            locking.fire(new AccountLocking(id));
            // A fresh transaction: nothing of the account is in its persistence context yet, so the
            // locking read is also the read of the current state.
            Account a = Account.findById(id, jakarta.persistence.LockModeType.PESSIMISTIC_READ);
            return signIn.apply(current(a, stillValid));
        });
    }

    /**
     * {@link #withCurrentCredentials} for a caller already in a transaction (an authorization-code
     * exchange, an API key's creation, an explicit link, an e-mail change): takes the shared lock
     * on the account row, held until the caller commits, and returns its credentials as they are
     * now, or null when it is gone or disabled or {@code stillValid} fails. Take it before any
     * other row lock of the caller (lock order: account row first).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Credentials lockCurrentCredentials(UUID id, java.util.function.Predicate<Credentials> stillValid) {
        locking.fire(new AccountLocking(id));
        Account a = Account.findById(id);
        if (a != null) {
            // A row this transaction read before would keep its old state under find-with-lock:
            // refresh reads it again, with the lock.
            try {
                Account.getEntityManager().refresh(a, jakarta.persistence.LockModeType.PESSIMISTIC_READ);
            } catch (jakarta.persistence.EntityNotFoundException gone) {
                return null;
            }
        }
        return current(a, stillValid);
    }

    private static Credentials current(Account a, java.util.function.Predicate<Credentials> stillValid) {
        if (a == null || !a.active) {
            return null;
        }
        Credentials c = new Credentials(a.id, a.passwordHash, a.active, a.roleSet(), a.emailVerified);
        return stillValid.test(c) ? c : null;
    }

    public Optional<Credentials> credentials(UUID id) {
        return Optional.ofNullable(Account.<Account>findById(id))
                .map(a -> new Credentials(a.id, a.passwordHash, a.active, a.roleSet(), a.emailVerified));
    }

    /**
     * Replaces the hash only if it is still {@code expected} (compare and set), so a rehash never
     * overwrites a password changed meanwhile. Returns whether it was replaced.
     */
    @Transactional
    public boolean upgradePasswordHash(UUID id, String expected, String replacement) {
        return Account.update("passwordHash = ?1, updatedAt = ?2 where id = ?3 and passwordHash = ?4",
                replacement, clock.instant(), id, expected) == 1;
    }

    /**
     * Sets the active flag; returns false when there is no such account. Disabling also ends every
     * session and access token of the account at once, in the same transaction (so no refresh in
     * flight can slip a fresh token past it).
     */
    @Transactional
    public boolean setActive(UUID id, boolean active) {
        boolean found = Account.update("active = ?1, updatedAt = ?2 where id = ?3", active, clock.instant(), id) == 1;
        views.remove(id);
        if (found && !active) {
            sessions.endAccount(id, "disabled");
        }
        return found;
    }

    /**
     * One page of accounts whose e-mail contains {@code query} (all when blank), oldest first. A
     * query no address can contain (an invisible or control character, longer than an address)
     * finds nothing, without a query.
     */
    public List<AccountView> search(String query, int page, int size) {
        String q = query == null || query.isBlank() ? "" : EmailAddress.lookupKey(query);
        if (q == null) {
            return List.of();
        }
        return Account.<Account>find("email like ?1 order by createdAt, id", "%" + q.replace("%", "").replace("_", "") + "%")
                .page(page, size).list().stream().map(a -> AccountView.of(a, identities.providersOf(a.id), secondFactors.stateOf(a.id))).toList();
    }

    /**
     * Replaces the roles; false when there is no such account. Every session and access token of
     * the account ends in the same transaction, since each token carries the old roles in
     * {@code groups} (and a refresh would carry them on). Any write counts, even of the same
     * roles, so two admins racing can never leave a token with roles nobody meant.
     */
    @Transactional
    public boolean setRoles(UUID id, Set<String> roles) {
        boolean found = Account.update("roles = ?1, updatedAt = ?2 where id = ?3", String.join(",", roles), clock.instant(), id) == 1;
        views.remove(id);
        if (found) {
            sessions.endAccount(id, "roles-changed");
        }
        return found;
    }

    /**
     * Deletes the account: credentials and the e-mail go; every token stops at once. Audit records
     * stay, under the account id alone (a random UUID, nothing personal).
     */
    @Transactional
    public boolean delete(UUID id) {
        // The row goes first: its lock makes a sign-in in flight ({@link #withCurrentCredentials})
        // commit before the sessions are ended, so its session ends too.
        // A bulk statement runs at once (deleteById would wait for the flush, after endAccount).
        boolean deleted = Account.delete("id", id) > 0;
        sessions.endAccount(id, "deleted");
        views.remove(id);
        return deleted;
    }

    public Optional<Contact> contact(UUID id) {
        return Optional.ofNullable(Account.<Account>findById(id)).map(AccountService::contactOf);
    }

    /** The account holding {@code normalisedEmail} (as {@link EmailAddress#lookupKey} gives it). */
    public Optional<Contact> contactByEmail(String normalisedEmail) {
        return Optional.ofNullable(Account.findByEmail(normalisedEmail)).map(AccountService::contactOf);
    }

    private static Contact contactOf(Account a) {
        return new Contact(a.id, a.email, a.emailVerified, dev.gatehouse.common.Languages.of(a.locale), a.active, a.passwordHash != null);
    }

    /** What marking an address proven found: not the account's address (nothing done), proven again, or proven for the first time. */
    public enum Proof { NOT_THE_ADDRESS, AGAIN, FIRST }

    /**
     * Marks the address proven, only while it is still {@code email} (a link for an address the
     * account no longer has proves nothing). Under the account row's lock, so of two proofs racing
     * exactly one is {@link Proof#FIRST}.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Proof markEmailVerified(UUID id, String email) {
        Account a = Account.findById(id, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        if (a == null || !a.email.equals(email)) {
            return Proof.NOT_THE_ADDRESS;
        }
        boolean first = !a.emailVerified;
        a.emailVerified = true;
        a.updatedAt = clock.instant();
        views.remove(id);
        return first ? Proof.FIRST : Proof.AGAIN;
    }

    /**
     * Makes {@code newEmail} (proven by its link) the account's address; 409 {@code email-taken}
     * when another account took it meanwhile. Returns the old address, or empty when there is no
     * such account.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<String> replaceEmail(UUID id, String newEmail) {
        Account a = Account.findById(id, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        if (a == null) {
            return Optional.empty();
        }
        Account holder = Account.findByEmail(newEmail);
        if (holder != null && !holder.id.equals(id)) {
            throw emailTaken();
        }
        String old = a.email;
        a.email = newEmail;
        a.emailVerified = true;
        a.updatedAt = clock.instant();
        try {
            a.persistAndFlush();
        } catch (PersistenceException e) {
            if (UniqueViolation.isCauseOf(e)) {
                throw emailTaken();
            }
            throw e;
        }
        views.remove(id);
        return Optional.of(old);
    }

    /**
     * Locks the account row for writing (current transaction), the first lock of every transaction
     * that changes the account: a link's redemption takes it before the link's row, as a sign-in
     * (shared lock) and the reset do, so the two orders never cross.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lockForChange(UUID id) {
        // A plain row lock that loads no entity: a managed copy read here would be written back
        // whole at the flush, over what a bulk update of the same transaction set (the reset's hash).
        Account.getEntityManager().createNativeQuery("SELECT id FROM account WHERE id = ?1 FOR UPDATE")
                .setParameter(1, id).getResultList();
    }

    /** Sets a new password hash (a reset: the old one is not needed); false when there is no such account. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean replacePasswordHash(UUID id, String hash) {
        return Account.update("passwordHash = ?1, updatedAt = ?2 where id = ?3", hash, clock.instant(), id) == 1;
    }

    /** Whether an account other than {@code except} holds {@code normalisedEmail}. */
    public boolean emailTakenByOther(String normalisedEmail, UUID except) {
        Account a = Account.findByEmail(normalisedEmail);
        return a != null && !a.id.equals(except);
    }

    public long count() {
        return Account.count();
    }

    public static ProblemException emailTaken() {
        return new ProblemException(409, "email-taken", "E-mail taken",
                "An account with this e-mail address already exists.");
    }
}
