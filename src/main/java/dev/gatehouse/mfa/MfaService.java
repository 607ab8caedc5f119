package dev.gatehouse.mfa;

import dev.gatehouse.account.AccountService;
import dev.gatehouse.audit.AuditEventType;
import dev.gatehouse.audit.AuditLog;
import dev.gatehouse.common.ClientInfo;
import dev.gatehouse.common.OAuthErrorException;
import dev.gatehouse.common.ProblemException;
import dev.gatehouse.protection.BruteForceProtector;
import dev.gatehouse.protection.RateLimiter;
import dev.gatehouse.token.RefreshTokenService;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;

/**
 * Second factors: TOTP enrolment, backup codes, and the MFA step of every sign-in.
 *
 * <p>Single use is decided by the database, so it holds under parallel requests and across
 * instances and survives a Redis flush: a TOTP code is accepted only by raising the account's
 * {@code last_used_step} (compare and set), a backup code only by setting its {@code used_at}
 * where it is still null, and an {@code mfa_token} is consumed in the transaction that accepts
 * its code while its row is locked. Wrong codes count towards the account's lockout
 * ({@link BruteForceProtector}) and the step has its own rate limits.
 */
@ApplicationScoped
public class MfaService implements dev.gatehouse.account.SecondFactors {

    /** {@code amr} of a second factor by TOTP or backup code (RFC 8176: one-time password). */
    public static final String AMR_OTP = "otp";
    /** The MFA step's method name of a passkey (followed by the {@code amr} values it adds). */
    static final String METHOD_PASSKEY = "passkey";
    static final String PURPOSE_VERIFY = "verify";
    static final String PURPOSE_ENROLL = "enroll";
    private static final int MAX_TOKEN_LENGTH = 128;
    static final String CODE_INCORRECT = "The code is incorrect.";
    static final String TOKEN_INVALID = "The mfa_token is invalid, used or expired; sign in again.";

    private final MfaSecrets secrets;
    private final MfaConfig config;
    private final AccountService accounts;
    private final RefreshTokenService refreshTokens;
    private final BruteForceProtector protector;
    private final RateLimiter limiter;
    private final AuditLog audit;
    private final MeterRegistry registry;
    private final Clock clock;
    private final String issuerName;
    private final dev.gatehouse.passkey.PasskeyService passkeys;

    public MfaService(MfaSecrets secrets, MfaConfig config, AccountService accounts, RefreshTokenService refreshTokens,
                      BruteForceProtector protector, RateLimiter limiter, AuditLog audit, MeterRegistry registry, Clock clock,
                      dev.gatehouse.passkey.PasskeyService passkeys) {
        this.passkeys = passkeys;
        this.secrets = secrets;
        this.config = config;
        this.accounts = accounts;
        this.refreshTokens = refreshTokens;
        this.protector = protector;
        this.limiter = limiter;
        this.audit = audit;
        this.registry = registry;
        this.clock = clock;
        this.issuerName = config.issuerName();
    }

    /** What {@code POST /auth/mfa/totp} answers: the secret three ways. Shown once; never logged. */
    public record Enrollment(String secret, String otpauthUri, String qrCode) {
    }

    /** The MFA state {@code /auth/me} shows. */
    public record State(boolean totp, int backupCodesLeft) {
    }

    /** What a sign-in needs after its first factor. */
    public enum Requirement { NONE, VERIFY, ENROLL }

    /** A sign-in waiting for its second factor (or, for {@link Requirement#ENROLL}, for its enrolment). */
    public record Pending(String mfaToken, Requirement requirement, long expiresIn) {
    }

    /** A first factor that passed: who, how ({@code amr}), and the session it asks for. */
    public record FirstFactor(UUID accountId, List<String> amr, String passwordHash, String scope, String sessionKind) {
    }

    // ---------------------------------------------------------------- state

    public State state(UUID accountId) {
        return QuarkusTransaction.joiningExisting().call(() -> {
            boolean on = TotpCredential.count("accountId = ?1 and confirmedAt is not null", accountId) > 0;
            int left = on ? (int) BackupCode.count("accountId = ?1 and usedAt is null", accountId) : 0;
            return new State(on, left);
        });
    }

    @Override
    public dev.gatehouse.account.AccountView.Mfa stateOf(UUID accountId) {
        State s = state(accountId);
        return s.totp() ? new dev.gatehouse.account.AccountView.Mfa(true, s.backupCodesLeft()) : dev.gatehouse.account.AccountView.Mfa.OFF;
    }

    public boolean enabled(UUID accountId) {
        return QuarkusTransaction.joiningExisting().call(() ->
                TotpCredential.count("accountId = ?1 and confirmedAt is not null", accountId) > 0);
    }

    /**
     * Whether a sign-in with these {@code amr} values had a second factor: a code ({@code otp}) or
     * a passkey ({@code mfa}, see the passkey package).
     */
    public static boolean isMultiFactor(java.util.Collection<String> amr) {
        return amr.contains(AMR_OTP) || amr.contains(dev.gatehouse.passkey.PasskeyService.AMR_MFA);
    }

    /** The account and token hash of a live sign-in waiting for its code (the passkey options of the MFA step). */
    public record PendingStep(UUID accountId, String tokenHash) {
    }

    /** The sign-in waiting under a verify {@code mfa_token}; {@code invalid_grant} otherwise. Nothing is consumed. */
    public PendingStep pendingStep(String mfaToken) {
        MfaChallenge c = open(mfaToken, PURPOSE_VERIFY);
        return new PendingStep(c.accountId, c.tokenHash);
    }

    /** Whether {@code roles} include one that GATEHOUSE_MFA_REQUIRED_ROLES names. */
    public boolean requiresSecondFactor(Set<String> roles) {
        Set<String> required = config.requiredRoles().orElse(Set.of());
        return roles.stream().anyMatch(required::contains);
    }

    /** Ends the account's sign-ins waiting for a second factor or an enrolment (password changed, account disabled). */
    public void endPendingSignIns(UUID accountId) {
        QuarkusTransaction.requiringNew().run(() -> MfaChallenge.delete("accountId", accountId));
    }

    /** What a sign-in of an account with {@code roles} needs next (joins the caller's transaction). */
    public Requirement requirement(UUID accountId, Set<String> roles) {
        if (enabled(accountId)) {
            return Requirement.VERIFY;
        }
        if (!requiresSecondFactor(roles)) {
            return Requirement.NONE;
        }
        // A role requires a second factor: a passkey answers the step as well as TOTP.
        return passkeys.hasPasskey(accountId) ? Requirement.VERIFY : Requirement.ENROLL;
    }

    // ---------------------------------------------------------------- enrolment

    /** The account label an authenticator app shows: the e-mail address (the id when there is none). */
    public String label(UUID accountId) {
        return QuarkusTransaction.requiringNew().call(() -> accounts.view(accountId).map(v -> v.email()).orElse(accountId.toString()));
    }

    /**
     * Starts (or restarts) enrolment: a new secret, not yet in force. 409 when TOTP is already on
     * (turn it off first, with a code).
     */
    public Enrollment startEnrollment(UUID accountId, String label, ClientInfo client) {
        limiter.require("mfa-account", accountId.toString(), config.verifyPerAccount());
        byte[] secret = MfaSecrets.newTotpSecret();
        Instant now = now();
        QuarkusTransaction.requiringNew().run(() -> {
            TotpCredential existing = TotpCredential.findById(accountId, LockModeType.PESSIMISTIC_WRITE);
            if (existing != null && existing.confirmedAt != null) {
                throw new ProblemException(409, "mfa-already-enabled", "MFA already on",
                        "TOTP is already on for this account; turn it off first (with a code).");
            }
            if (existing == null) {
                existing = new TotpCredential();
                existing.accountId = accountId;
                existing.secretSealed = secrets.seal(secret, accountId);
                existing.createdAt = now;
                existing.persist();
            } else {
                existing.secretSealed = secrets.seal(secret, accountId);
                existing.createdAt = now;
                existing.lastUsedStep = 0;
            }
        });
        String encoded = Base32.encode(secret);
        String uri = otpauthUri(encoded, label);
        return new Enrollment(encoded, uri, QrCodes.pngDataUrl(uri));
    }

    /**
     * Proves the authenticator works with its first code and turns TOTP on; answers the first set
     * of backup codes, shown this once. 400 on a wrong code (enrolment stays pending).
     */
    public List<String> confirmEnrollment(UUID accountId, String code, ClientInfo client) {
        limiter.require("mfa-account", accountId.toString(), config.verifyPerAccount());
        Instant now = now();
        List<String> codes = QuarkusTransaction.requiringNew().call(() -> confirmInTransaction(accountId, code, now, client));
        return confirmed(accountId, codes, client);
    }

    /** Turns a pending enrolment on when {@code code} is right; its backup codes, or null for a wrong code. In the caller's transaction. */
    private List<String> confirmInTransaction(UUID accountId, String code, Instant now, ClientInfo client) {
        TotpCredential pending = TotpCredential.findById(accountId, LockModeType.PESSIMISTIC_WRITE);
        if (pending == null || pending.confirmedAt != null) {
            throw new ProblemException(409, "mfa-enrollment-not-started", "No enrolment pending",
                    pending == null ? "Start enrolment with POST /auth/mfa/totp first." : "TOTP is already on for this account.");
        }
        OptionalLong step = Totp.matchingStep(secrets.open(pending.secretSealed, accountId), code == null ? null : code.trim(), now);
        if (step.isEmpty()) {
            return null;
        }
        pending.confirmedAt = now;
        pending.lastUsedStep = step.getAsLong();
        List<String> fresh = replaceBackupCodes(accountId, now);
        audit.recordInCurrentTransaction(AuditEventType.MFA_ENROLLED, accountId, client, "totp");
        return fresh;
    }

    private List<String> confirmed(UUID accountId, List<String> codes, ClientInfo client) {
        if (codes == null) {
            audit.record(AuditEventType.MFA_VERIFY_ERROR, accountId, client, "enrolment code refused");
            throw new ProblemException(400, "mfa-code-invalid", "Code refused", CODE_INCORRECT);
        }
        registry.counter("gatehouse.mfa.enrollments").increment();
        accounts.evictView(accountId);
        return codes;
    }

    /** Turns TOTP off and voids the backup codes; needs a fresh code of this account (TOTP or backup). */
    public void disable(UUID accountId, String otp, String backupCode, ClientInfo client) {
        requireEnabled(accountId);
        requireFreshFactor(accountId, otp, backupCode, client);
        QuarkusTransaction.requiringNew().run(() -> {
            TotpCredential.findById(accountId, LockModeType.PESSIMISTIC_WRITE);
            remove(accountId);
            audit.recordInCurrentTransaction(AuditEventType.MFA_DISABLED, accountId, client, "by the account");
        });
        registry.counter("gatehouse.mfa.disabled").increment();
        accounts.evictView(accountId);
    }

    /** Admin reset: TOTP and backup codes gone; {@code detail} names the acting admin. False when it had none. */
    public boolean reset(UUID accountId, ClientInfo client, String detail) {
        boolean had = QuarkusTransaction.requiringNew().call(() -> {
            boolean any = TotpCredential.count("accountId", accountId) > 0;
            remove(accountId);
            if (any) {
                audit.recordInCurrentTransaction(AuditEventType.MFA_DISABLED, accountId, client, detail);
            }
            return any;
        });
        accounts.evictView(accountId);
        return had;
    }

    /**
     * The first proof of an address never proven, by someone not shown to hold the account: TOTP
     * (confirmed or pending), backup codes and pending sign-ins were set up before anyone showed
     * they own the mailbox, so they go (the proof's transaction). A squatter's authenticator must
     * not stay between the mailbox's owner and the account.
     */
    void onAddressFirstProven(@jakarta.enterprise.event.Observes dev.gatehouse.account.AddressFirstProven proven) {
        boolean any = TotpCredential.count("accountId", proven.accountId()) > 0;
        remove(proven.accountId());
        if (any) {
            audit.recordInCurrentTransaction(AuditEventType.MFA_DISABLED, proven.accountId(), null, proven.how() + " of an unproven address");
        }
        accounts.evictView(proven.accountId());
    }

    /** A new set of backup codes, voiding the old one; needs a fresh code. */
    public List<String> regenerateBackupCodes(UUID accountId, String otp, String backupCode, ClientInfo client) {
        requireEnabled(accountId);
        requireFreshFactor(accountId, otp, backupCode, client);
        Instant now = now();
        List<String> codes = QuarkusTransaction.requiringNew().call(() -> {
            // Under the TOTP row's lock: two parallel regenerations leave one set, not two.
            if (TotpCredential.findById(accountId, LockModeType.PESSIMISTIC_WRITE) == null) {
                throw new ProblemException(409, "mfa-not-enabled", "MFA is off", "This account has no authenticator app turned on.");
            }
            List<String> fresh = replaceBackupCodes(accountId, now);
            audit.recordInCurrentTransaction(AuditEventType.BACKUP_CODES_REGENERATED, accountId, client, null);
            return fresh;
        });
        accounts.evictView(accountId);
        return codes;
    }

    /**
     * For actions that need a fresh second factor when MFA is on (turning it off, new backup codes,
     * a password change): 403 {@code mfa-code-required} without a code, {@code mfa-code-invalid}
     * with a wrong, used or locked-out one. Counts towards lockout like any other code check.
     * Does nothing when the account has no MFA (callers that need MFA on check {@link #enabled}).
     */
    public void requireFreshFactor(UUID accountId, String otp, String backupCode, ClientInfo client) {
        if (!enabled(accountId)) {
            return;
        }
        if (isBlank(otp) && isBlank(backupCode)) {
            throw new ProblemException(403, "mfa-code-required", "Second factor required",
                    "This action needs a current code from the authenticator app (otp) or a backup code (backupCode).");
        }
        limiter.require("mfa-address", client.limitKey(), config.verifyPerAddress());
        limiter.require("mfa-account", accountId.toString(), config.verifyPerAccount());
        boolean admitted = protector.admit(accountId);
        String method;
        try {
            method = admitted ? QuarkusTransaction.requiringNew().call(() -> consume(accountId, otp, backupCode, client)) : null;
        } catch (RuntimeException e) {
            if (admitted) {
                protector.release(accountId);
            }
            throw e;
        }
        if (method == null) {
            if (admitted) {
                protector.recordFailure(accountId, client);
            } else {
                protector.recordRefused(accountId);
            }
            audit.record(AuditEventType.MFA_VERIFY_ERROR, accountId, client, "fresh factor refused");
            registry.counter("gatehouse.mfa.verifications", "outcome", "failure").increment();
            throw new ProblemException(403, "mfa-code-invalid", "Code refused", CODE_INCORRECT);
        }
        protector.recordSuccess(accountId);
        accounts.evictView(accountId);
        registry.counter("gatehouse.mfa.verifications", "outcome", "success").increment();
        audit.record(AuditEventType.MFA_VERIFY, accountId, client, method);
    }

    // ---------------------------------------------------------------- the MFA step

    /**
     * Records a sign-in whose first factor passed and that needs {@code requirement} next, in the
     * caller's transaction (a sign-in holding the account row, see
     * {@link AccountService#withCurrentCredentials}): the {@code mfa_token} to continue with.
     */
    public Pending begin(FirstFactor first, Requirement requirement) {
        String token = MfaSecrets.newChallengeToken();
        Instant now = now();
        java.time.Duration life = requirement == Requirement.ENROLL ? config.enrollmentLifetime() : config.challengeLifetime();
        QuarkusTransaction.joiningExisting().run(() -> {
            MfaChallenge c = new MfaChallenge();
            c.tokenHash = MfaSecrets.sha256(token);
            c.accountId = first.accountId();
            c.purpose = requirement == Requirement.ENROLL ? PURPOSE_ENROLL : PURPOSE_VERIFY;
            c.firstFactor = String.join(" ", first.amr());
            c.credentialFingerprint = first.passwordHash() == null ? null : MfaSecrets.sha256(first.passwordHash());
            c.sessionKind = first.sessionKind();
            c.scope = first.scope();
            c.createdAt = now;
            c.expiresAt = now.plus(life);
            c.persist();
        });
        registry.counter("gatehouse.mfa.challenges", "purpose", requirement.name().toLowerCase(java.util.Locale.ROOT)).increment();
        return new Pending(token, requirement, life.toSeconds());
    }

    /**
     * The MFA step: the {@code mfa_token} and one code (TOTP or backup). The session of the first
     * factor, with {@code amr} adding {@code otp}; {@code invalid_grant} for a wrong code, an unknown,
     * used or expired token, and an account disabled or whose password changed meanwhile.
     */
    public SignedIn complete(String mfaToken, String otp, String backupCode, ClientInfo client, Runnable cookieSessionCheck) {
        return complete(mfaToken, otp, backupCode, null, client, cookieSessionCheck);
    }

    /** The MFA step with a TOTP code, a backup code, or a passkey assertion ({@code passkey}: the PublicKeyCredential as JSON). */
    public SignedIn complete(String mfaToken, String otp, String backupCode, String passkey, ClientInfo client, Runnable cookieSessionCheck) {
        limiter.require("mfa-address", client.limitKey(), config.verifyPerAddress());
        if ((isBlank(otp) ? 0 : 1) + (isBlank(backupCode) ? 0 : 1) + (isBlank(passkey) ? 0 : 1) != 1) {
            throw new OAuthErrorException(400, "invalid_request", "Send exactly one of otp, backup_code and passkey.");
        }
        MfaChallenge challenge = open(mfaToken, PURPOSE_VERIFY);
        if (RefreshTokenService.KIND_COOKIE.equals(challenge.sessionKind)) {
            // A browser session (session=cookie): the login-CSRF rule of the first step holds here too.
            cookieSessionCheck.run();
        }
        limiter.require("mfa-account", challenge.accountId.toString(), config.verifyPerAccount());
        UUID accountId = challenge.accountId;
        boolean admitted = protector.admit(accountId);
        Claimed claimed;
        try {
            claimed = QuarkusTransaction.requiringNew().call(() -> claim(challenge.tokenHash, admitted, otp, backupCode, passkey, client));
        } catch (RuntimeException e) {
            if (admitted) {
                protector.release(accountId);
            }
            throw e;
        }
        if (claimed.method() == null) {
            if (admitted && claimed.gone()) {
                // Consumed by a parallel request meanwhile: no code was checked, nothing to count.
                protector.release(accountId);
            } else if (admitted) {
                protector.recordFailure(accountId, client);
            } else {
                protector.recordRefused(accountId);
            }
            registry.counter("gatehouse.mfa.verifications", "outcome", "failure").increment();
            audit.record(AuditEventType.MFA_VERIFY_ERROR, accountId, client, claimed.gone() ? "mfa_token used or expired"
                    : claimed.exhausted() ? "code refused; mfa_token used up" : "code refused");
            // A token whose last try this was is dead: the person signs in again.
            throw claimed.gone() || claimed.exhausted() ? invalidToken() : new WrongCode();
        }
        protector.recordSuccess(accountId);
        accounts.evictView(accountId);
        registry.counter("gatehouse.mfa.verifications", "outcome", "success").increment();
        audit.record(AuditEventType.MFA_VERIFY, accountId, client, claimed.method());
        return new SignedIn(startSession(claimed.challenge(), claimed.method(), claimed.passkeyId(), client), claimed.challenge().sessionKind);
    }

    /** A wrong, used or refused code at the MFA step: {@code invalid_grant}; the {@code mfa_token} may still take another try. */
    public static final class WrongCode extends OAuthErrorException {
        WrongCode() {
            super(400, "invalid_grant", CODE_INCORRECT);
        }
    }

    /** Whether {@code e} is a wrong code (the token lives on), not a dead token. */
    public static boolean isWrongCode(OAuthErrorException e) {
        return e instanceof WrongCode;
    }

    /** A sign-in that passed its MFA step: the session, and its kind ({@link RefreshTokenService#KIND_COOKIE} or token). */
    public record SignedIn(RefreshTokenService.Issued issued, String kind) {
    }

    /**
     * The enrolment an {@code enroll} mfa_token allows (its account's role requires MFA): the
     * pending secret when one was started within the enrolment lifetime (a reload of the page or a
     * mistyped code keeps the QR code already scanned), else a new one.
     */
    public Enrollment startEnrollment(String mfaToken, ClientInfo client) {
        limiter.require("mfa-address", client.limitKey(), config.verifyPerAddress());
        MfaChallenge challenge = open(mfaToken, PURPOSE_ENROLL);
        return pendingEnrollment(challenge.accountId)
                .orElseGet(() -> startEnrollment(challenge.accountId, label(challenge.accountId), client));
    }

    /**
     * The enrolment started within the enrolment lifetime and not yet confirmed, shown again (a
     * mistyped first code keeps the QR code already scanned); empty when there is none.
     */
    public java.util.Optional<Enrollment> pendingEnrollment(UUID accountId) {
        Instant now = now();
        byte[] pending = QuarkusTransaction.requiringNew().call(() -> {
            TotpCredential t = TotpCredential.findById(accountId);
            return t != null && t.confirmedAt == null && t.createdAt.isAfter(now.minus(config.enrollmentLifetime()))
                    ? secrets.open(t.secretSealed, accountId) : null;
        });
        if (pending == null) {
            return java.util.Optional.empty();
        }
        String encoded = Base32.encode(pending);
        String uri = otpauthUri(encoded, label(accountId));
        return java.util.Optional.of(new Enrollment(encoded, uri, QrCodes.pngDataUrl(uri)));
    }

    /** Result of an enrolment finished with an {@code enroll} mfa_token: the session and the first backup codes. */
    public record EnrolledSignIn(SignedIn signedIn, List<String> backupCodes) {
    }

    /**
     * Confirms the enrolment of an {@code enroll} mfa_token and signs in with {@code amr} adding
     * {@code otp}. The token (locked), its lifetime, the account and its password are checked in
     * the transaction that turns TOTP on, so a token that died meanwhile (password changed, account
     * disabled) can never leave its holder's authenticator on the account.
     */
    public EnrolledSignIn finishEnrollment(String mfaToken, String code, ClientInfo client, Runnable cookieSessionCheck) {
        limiter.require("mfa-address", client.limitKey(), config.verifyPerAddress());
        MfaChallenge challenge = open(mfaToken, PURPOSE_ENROLL);
        if (RefreshTokenService.KIND_COOKIE.equals(challenge.sessionKind)) {
            cookieSessionCheck.run();
        }
        limiter.require("mfa-account", challenge.accountId.toString(), config.verifyPerAccount());
        Instant now = now();
        Object[] result = QuarkusTransaction.requiringNew().call(() -> {
            MfaChallenge c = MfaChallenge.findById(challenge.tokenHash, LockModeType.PESSIMISTIC_WRITE);
            if (c == null || !c.expiresAt.isAfter(now) || !PURPOSE_ENROLL.equals(c.purpose)) {
                return null;
            }
            AccountService.Credentials current = accounts.credentials(c.accountId).filter(AccountService.Credentials::active).orElse(null);
            if (current == null || (c.credentialFingerprint != null && (current.passwordHash() == null
                    || !c.credentialFingerprint.equals(MfaSecrets.sha256(current.passwordHash()))))) {
                c.delete();
                return null;
            }
            List<String> codes = confirmInTransaction(c.accountId, code, now, client);
            MfaChallenge copy = copyOf(c);
            if (codes != null) {
                c.delete();
            }
            return new Object[]{copy, codes};
        });
        if (result == null) {
            throw invalidToken();
        }
        @SuppressWarnings("unchecked")
        List<String> codes = confirmed(challenge.accountId, (List<String>) result[1], client);
        return new EnrolledSignIn(new SignedIn(startSession((MfaChallenge) result[0], "totp", null, client), challenge.sessionKind), codes);
    }

    /** Expired challenges are deleted now and then (they are refused when found anyway). */
    @Scheduled(every = "5m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purgeExpired() {
        QuarkusTransaction.requiringNew().run(() -> MfaChallenge.delete("expiresAt < ?1", now()));
    }

    // ---------------------------------------------------------------- internals

    /** {@code passkeyId}: the passkey of a passkey step (null for a code), re-checked when the session is written. */
    private record Claimed(MfaChallenge challenge, String method, UUID passkeyId, boolean gone, boolean exhausted) {
    }

    /** The live challenge of {@code token} for {@code purpose}; {@code invalid_grant} otherwise. Nothing is consumed. */
    private MfaChallenge open(String token, String purpose) {
        if (token == null || token.length() > MAX_TOKEN_LENGTH || !token.startsWith("mfa_")) {
            throw invalidToken();
        }
        Instant now = now();
        MfaChallenge c = QuarkusTransaction.requiringNew().call(() -> {
            MfaChallenge found = MfaChallenge.findById(MfaSecrets.sha256(token));
            return found == null ? null : copyOf(found);
        });
        if (c == null || !c.expiresAt.isAfter(now) || !c.purpose.equals(purpose)) {
            throw invalidToken();
        }
        return c;
    }

    /**
     * Under the challenge row's lock: checks the code, and consumes the challenge when it is right
     * (or when this was its last allowed attempt). A challenge another request consumed meanwhile is
     * {@code gone}.
     */
    private Claimed claim(String tokenHash, boolean admitted, String otp, String backupCode, String passkey, ClientInfo client) {
        MfaChallenge c = MfaChallenge.findById(tokenHash, LockModeType.PESSIMISTIC_WRITE);
        if (c == null || !c.expiresAt.isAfter(now())) {
            return new Claimed(null, null, null, true, false);
        }
        if (!admitted) {
            // Refused by the lockout before any code was checked: the token's tries are not touched.
            return new Claimed(copyOf(c), null, null, false, false);
        }
        String method;
        UUID passkeyId = null;
        if (isBlank(passkey)) {
            method = consume(c.accountId, otp, backupCode, client);
        } else {
            // A passkey assertion (package passkey): its challenge is bound to this mfa_token.
            dev.gatehouse.passkey.PasskeyService.SecondFactor added = passkeys.verifySecondFactor(c.accountId, c.tokenHash, passkey, client);
            method = added == null ? null : METHOD_PASSKEY + " " + String.join(" ", added.amr());
            passkeyId = added == null ? null : added.passkeyId();
        }
        MfaChallenge copy = copyOf(c);
        boolean exhausted = false;
        if (method != null) {
            c.delete();
        } else if (++c.attempts >= config.challengeAttempts()) {
            c.delete();
            exhausted = true;
        }
        return new Claimed(copy, method, passkeyId, false, exhausted);
    }

    /**
     * Checks one code and uses it up: {@code "totp"} or {@code "backup_code"} when it was right and
     * unused, null otherwise. Runs in the caller's transaction.
     */
    private String consume(UUID accountId, String otp, String backupCode, ClientInfo client) {
        Instant now = now();
        if (!isBlank(otp)) {
            TotpCredential credential = TotpCredential.find("accountId = ?1 and confirmedAt is not null", accountId).firstResult();
            if (credential == null) {
                return null;
            }
            OptionalLong step = Totp.matchingStep(secrets.open(credential.secretSealed, accountId), otp.trim(), now);
            if (step.isEmpty()) {
                return null;
            }
            // Compare and set: of any number of requests with this step (or an older one), on any
            // instance, exactly one raises the record; the rest find it raised.
            int raised = TotpCredential.update("lastUsedStep = ?1 where accountId = ?2 and lastUsedStep < ?1 and confirmedAt is not null",
                    step.getAsLong(), accountId);
            return raised == 1 ? "totp" : null;
        }
        String hash = secrets.backupCodeHash(accountId, backupCode);
        if (hash == null) {
            return null;
        }
        int used = BackupCode.update("usedAt = ?1 where accountId = ?2 and codeHash = ?3 and usedAt is null", now, accountId, hash);
        if (used != 1) {
            return null;
        }
        long left = BackupCode.count("accountId = ?1 and usedAt is null", accountId);
        audit.recordInCurrentTransaction(AuditEventType.BACKUP_CODE_USED, accountId, client, left + " left");
        registry.counter("gatehouse.mfa.backup_codes_used").increment();
        return "backup_code";
    }

    /**
     * Writes the session of a sign-in that passed its second factor, under the account row's lock
     * ({@link AccountService#withCurrentCredentials}), re-checking there that both factors still
     * stand: the password that was checked (password sign-ins), and the second factor used (the
     * passkey {@code passkeyId}, or a confirmed authenticator for a code). A reset that swept a
     * never-proven account (TOTP, backup codes and passkeys go) between the code check and this
     * point therefore leaves no session behind.
     */
    private RefreshTokenService.Issued startSession(MfaChallenge c, String method, UUID passkeyId, ClientInfo client) {
        List<String> amr = new ArrayList<>(Arrays.asList(c.firstFactor.split(" ")));
        List<String> added = method.startsWith(METHOD_PASSKEY + " ")
                ? Arrays.asList(method.substring(METHOD_PASSKEY.length() + 1).split(" ")) : List.of(AMR_OTP);
        for (String value : added) {
            if (!amr.contains(value)) {
                amr.add(value);
            }
        }
        RefreshTokenService.Issued issued = accounts.withCurrentCredentials(c.accountId, current ->
                // (Password sign-ins) the password changed since it was checked: the first factor no
                // longer stands; the second factor removed meanwhile: neither does it.
                (c.credentialFingerprint == null || (current.passwordHash() != null
                        && c.credentialFingerprint.equals(MfaSecrets.sha256(current.passwordHash()))))
                        && (passkeyId != null ? passkeys.stillRegistered(passkeyId, current.id())
                        : TotpCredential.count("accountId = ?1 and confirmedAt is not null", current.id()) > 0), current -> {
            // Disabled or deleted meanwhile, or a factor gone (above).
            if (current == null) {
                return null;
            }
            return refreshTokens.start(new RefreshTokenService.Subject(current.id(), current.roles(), c.scope, List.copyOf(amr)),
                    c.sessionKind, client);
        });
        if (issued == null) {
            audit.record(AuditEventType.MFA_VERIFY_ERROR, c.accountId, client, "first factor no longer valid");
            throw invalidToken();
        }
        audit.record(AuditEventType.LOGIN, c.accountId, client, String.join(" ", amr));
        return issued;
    }

    private void requireEnabled(UUID accountId) {
        if (!enabled(accountId)) {
            throw new ProblemException(409, "mfa-not-enabled", "MFA is off", "This account has no authenticator app turned on.");
        }
    }

    private static MfaChallenge copyOf(MfaChallenge c) {
        MfaChallenge copy = new MfaChallenge();
        copy.tokenHash = c.tokenHash;
        copy.accountId = c.accountId;
        copy.purpose = c.purpose;
        copy.firstFactor = c.firstFactor;
        copy.credentialFingerprint = c.credentialFingerprint;
        copy.sessionKind = c.sessionKind;
        copy.scope = c.scope;
        copy.attempts = c.attempts;
        copy.createdAt = c.createdAt;
        copy.expiresAt = c.expiresAt;
        return copy;
    }

    private List<String> replaceBackupCodes(UUID accountId, Instant now) {
        BackupCode.delete("accountId", accountId);
        List<String> shown = new ArrayList<>(config.backupCodes());
        while (shown.size() < config.backupCodes()) {
            String code = MfaSecrets.newBackupCode();
            if (shown.contains(code)) {
                continue;
            }
            BackupCode b = new BackupCode();
            b.accountId = accountId;
            b.codeHash = secrets.backupCodeHash(accountId, code);
            b.createdAt = now;
            b.persist();
            shown.add(code);
        }
        return List.copyOf(shown);
    }

    private static void remove(UUID accountId) {
        // In the order a sign-in's step locks them (its challenge row, then the authenticator's), so
        // the two never wait on each other in a circle. The authenticator's row before the codes: a
        // confirmation in flight holds its lock, so this waits for it, and the backup codes it wrote
        // are visible to the next statement and go too.
        MfaChallenge.delete("accountId", accountId);
        TotpCredential.delete("accountId", accountId);
        BackupCode.delete("accountId", accountId);
    }

    private String otpauthUri(String secret, String label) {
        String account = label == null ? "" : label;
        return "otpauth://totp/" + encode(issuerName) + ":" + encode(account) + "?secret=" + secret
                + "&issuer=" + encode(issuerName) + "&algorithm=SHA1&digits=" + Totp.DIGITS + "&period=" + Totp.STEP_SECONDS;
    }

    /** Percent-encoding for a URI path segment or query value (spaces as %20, as Google's Key URI format asks). */
    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static OAuthErrorException invalidToken() {
        return new OAuthErrorException(400, "invalid_grant", TOKEN_INVALID);
    }
}
