package dev.gatehouse.passkey;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.webauthn4j.WebAuthnManager;
import com.webauthn4j.converter.AttestedCredentialDataConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.credential.CredentialRecordImpl;
import com.webauthn4j.data.AuthenticationData;
import com.webauthn4j.data.AuthenticationParameters;
import com.webauthn4j.data.AuthenticatorTransport;
import com.webauthn4j.data.PublicKeyCredentialParameters;
import com.webauthn4j.data.PublicKeyCredentialType;
import com.webauthn4j.data.RegistrationData;
import com.webauthn4j.data.RegistrationParameters;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.attestation.statement.NoneAttestationStatement;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.server.ServerProperty;
import com.webauthn4j.verifier.attestation.statement.androidkey.AndroidKeyAttestationStatementVerifier;
import com.webauthn4j.verifier.attestation.statement.androidsafetynet.AndroidSafetyNetAttestationStatementVerifier;
import com.webauthn4j.verifier.attestation.statement.apple.AppleAnonymousAttestationStatementVerifier;
import com.webauthn4j.verifier.attestation.statement.none.NoneAttestationStatementVerifier;
import com.webauthn4j.verifier.attestation.statement.packed.PackedAttestationStatementVerifier;
import com.webauthn4j.verifier.attestation.statement.tpm.TPMAttestationStatementVerifier;
import com.webauthn4j.verifier.attestation.statement.u2f.FIDOU2FAttestationStatementVerifier;
import com.webauthn4j.verifier.attestation.trustworthiness.certpath.NullCertPathTrustworthinessVerifier;
import com.webauthn4j.verifier.attestation.trustworthiness.self.DefaultSelfAttestationTrustworthinessVerifier;
import com.webauthn4j.verifier.exception.BadChallengeException;
import com.webauthn4j.verifier.exception.BadOriginException;
import com.webauthn4j.verifier.exception.BadRpIdException;
import com.webauthn4j.verifier.exception.MaliciousCounterValueException;
import com.webauthn4j.verifier.exception.UserNotVerifiedException;
import dev.gatehouse.account.AccountService;
import dev.gatehouse.account.LinkedIdentities;
import dev.gatehouse.audit.AuditEventType;
import dev.gatehouse.audit.AuditLog;
import dev.gatehouse.common.ClientInfo;
import dev.gatehouse.common.DependencyUnavailableException;
import dev.gatehouse.common.GatehouseConfig;
import dev.gatehouse.common.OAuthErrorException;
import dev.gatehouse.common.ProblemException;
import dev.gatehouse.common.Text;
import dev.gatehouse.common.UniqueViolation;
import dev.gatehouse.mail.MailComposer;
import dev.gatehouse.mail.MailOutbox;
import dev.gatehouse.protection.RateLimiter;
import dev.gatehouse.token.RefreshTokenService;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Passkeys: WebAuthn registration, passwordless sign-in, the passkey as a second factor, and the
 * passkeys an account holds. The ceremonies are verified by webauthn4j (challenge, origin, RP id
 * hash, user presence and verification, signature, counter); what is Gatehouse's own is here:
 * every challenge is random, single use ({@link PasskeyChallengeStore#take}), short-lived and bound
 * to what asked for it (the account and session for a registration, the browser or the handle for
 * a sign-in, the {@code mfa_token} for a second factor); a signature counter that does not rise is
 * a clone, refused and audited; credential ids are unique across accounts.
 */
@ApplicationScoped
public class PasskeyService {

    /** {@code amr} (RFC 8176) of a device-bound passkey: proof of possession of a hardware-secured key. */
    public static final String AMR_HWK = "hwk";
    /** {@code amr} of a synced passkey (backup eligible): the key can leave the device, so software-secured. */
    public static final String AMR_SWK = "swk";
    /** {@code amr} added when the authenticator verified the user (PIN or biometric; which one it does not say). */
    public static final String AMR_USER = "user";
    /** {@code amr} of a sign-in with more than one factor (a passkey with user verification, or password and passkey). */
    public static final String AMR_MFA = "mfa";

    static final int MAX_NAME = 100;
    static final int MAX_RESPONSE = 16 * 1024;
    /** Longest attested credential data kept (base64url; the column is 4,096 characters). */
    static final int MAX_ATTESTED_DATA = 4096;
    static final String PURPOSE_REGISTER = "register";
    static final String PURPOSE_LOGIN = "login";
    static final String PURPOSE_MFA = "mfa";
    static final String NOT_ACCEPTED = "The passkey was not accepted.";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private static final List<PublicKeyCredentialParameters> ALGORITHMS = List.of(
            new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.ES256),
            new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.EdDSA),
            new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.RS256));

    private final WebAuthnConfig config;
    private final GatehouseConfig gatehouse;
    private final RelyingParty rp;
    private final PasskeyChallengeStore challenges;
    private final AccountService accounts;
    private final LinkedIdentities identities;
    private final RefreshTokenService refreshTokens;
    private final RateLimiter limiter;
    private final AuditLog audit;
    private final MeterRegistry registry;
    private final Clock clock;
    private final ObjectMapper json;
    private final dev.gatehouse.mfa.MfaService mfa;
    private final MailOutbox outbox;
    private final MailComposer mails;
    private final WebAuthnManager webauthn;
    private final AttestedCredentialDataConverter attestedData;
    private final SecureRandom random = new SecureRandom();

    public PasskeyService(WebAuthnConfig config, GatehouseConfig gatehouse, RelyingParty rp, PasskeyChallengeStore challenges,
                          AccountService accounts, LinkedIdentities identities, RefreshTokenService refreshTokens,
                          RateLimiter limiter, AuditLog audit, MeterRegistry registry, Clock clock, ObjectMapper json,
                          MailOutbox outbox, MailComposer mails, dev.gatehouse.mfa.MfaService mfa) {
        this.mfa = mfa;
        this.outbox = outbox;
        this.mails = mails;
        this.config = config;
        this.gatehouse = gatehouse;
        this.rp = rp;
        this.challenges = challenges;
        this.accounts = accounts;
        this.identities = identities;
        this.refreshTokens = refreshTokens;
        this.limiter = limiter;
        this.audit = audit;
        this.registry = registry;
        this.clock = clock;
        this.json = json;
        ObjectConverter converter = new ObjectConverter();
        // Attestation "none" (the default) asks for none and reads none: the non-strict manager parses
        // any statement and checks no signature of it, and what a client sent is not kept. "required"
        // checks the statement's signature in every format webauthn4j knows (against the certificate
        // the statement carries; no chain is trusted by root, there being no metadata service here),
        // refuses self attestation (the credential's own key vouching for itself proves nothing) and
        // fmt none (below).
        this.webauthn = config.attestation() == WebAuthnConfig.Attestation.REQUIRED
                ? new WebAuthnManager(List.of(new PackedAttestationStatementVerifier(), new FIDOU2FAttestationStatementVerifier(),
                        new AndroidKeyAttestationStatementVerifier(), new AndroidSafetyNetAttestationStatementVerifier(),
                        new TPMAttestationStatementVerifier(), new AppleAnonymousAttestationStatementVerifier(),
                        new NoneAttestationStatementVerifier()),
                        new NullCertPathTrustworthinessVerifier(), new DefaultSelfAttestationTrustworthinessVerifier(false), converter)
                : WebAuthnManager.createNonStrictWebAuthnManager(converter);
        this.attestedData = new AttestedCredentialDataConverter(converter);
    }

    /** What the options endpoints answer: the handle to finish with, and {@code publicKey} for the browser (WebAuthn L3 JSON). */
    public record Options(String ceremony, Map<String, Object> publicKey) {
    }

    /** A passkey as its owner (and admins) see it; never its key. */
    public record PasskeyView(UUID id, String name, Instant createdAt, Instant lastUsedAt, boolean synced, List<String> transports) {
        static PasskeyView of(PasskeyCredential c) {
            return new PasskeyView(c.id, c.name, c.createdAt, c.lastUsedAt, c.backupEligible,
                    c.transports == null || c.transports.isEmpty() ? List.of() : List.of(c.transports.split(" ")));
        }
    }

    /** A pending ceremony, stored as JSON under its handle. {@code binding}: what must come back with the finish. */
    record Ceremony(String purpose, String challenge, UUID accountId, String binding, long expiresAt) {
    }

    /** A passwordless sign-in that passed: the session and its kind. */
    public record SignedIn(RefreshTokenService.Issued issued, String kind, UUID accountId) {
    }

    // ---------------------------------------------------------------- registration

    /**
     * Options of a registration by the session {@code sid} of {@code accountId}: a discoverable
     * credential with user verification, the account's passkeys excluded.
     */
    public Options startRegistration(UUID accountId, UUID sid, ClientInfo client) {
        limiter.require("passkey-account", accountId.toString(), config.perAddress());
        String label = QuarkusTransaction.requiringNew().call(() -> accounts.view(accountId).map(v -> v.email()).orElse(accountId.toString()));
        List<PasskeyCredential> existing = QuarkusTransaction.requiringNew().call(() -> PasskeyCredential.<PasskeyCredential>list("accountId", accountId));
        if (existing.size() >= config.maxPerAccount()) {
            throw new ProblemException(409, "passkey-limit", "Too many passkeys",
                    "This account already has " + config.maxPerAccount() + " passkeys; remove one first.");
        }
        byte[] challenge = randomBytes(32);
        String handle = newHandle();
        store(handle, new Ceremony(PURPOSE_REGISTER, B64.encodeToString(challenge), accountId, sid.toString(), expiry()));
        Map<String, Object> pk = new LinkedHashMap<>();
        pk.put("rp", Map.of("id", rp.id(), "name", rp.name()));
        pk.put("user", Map.of("id", B64.encodeToString(userHandle(accountId)), "name", label, "displayName", label));
        pk.put("challenge", B64.encodeToString(challenge));
        pk.put("pubKeyCredParams", ALGORITHMS.stream().map(a -> Map.of("type", "public-key", "alg", a.getAlg().getValue())).toList());
        pk.put("timeout", config.challengeLifetime().toMillis());
        pk.put("excludeCredentials", existing.stream().map(PasskeyService::descriptor).toList());
        pk.put("authenticatorSelection", Map.of("residentKey", "required", "requireResidentKey", true, "userVerification", "required"));
        pk.put("attestation", config.attestation() == WebAuthnConfig.Attestation.REQUIRED ? "direct" : "none");
        pk.put("hints", List.of());
        return new Options(handle, pk);
    }

    /** Verifies the browser's answer to a registration and stores the passkey (201 view). */
    public PasskeyView finishRegistration(UUID accountId, UUID sid, String handle, String name, String response, ClientInfo client) {
        String label = name == null ? "" : name.strip();
        if (label.isEmpty() || label.length() > MAX_NAME || Text.hasInvisibleOrControl(label) || Text.hasUnpairedSurrogate(label)) {
            throw ProblemException.invalid("name_invalid", "name is required: 1 to " + MAX_NAME + " visible characters.");
        }
        requireResponse(response);
        Ceremony c = take(handle, PURPOSE_REGISTER);
        if (c == null || !c.accountId().equals(accountId) || !c.binding().equals(sid.toString())) {
            throw refusedRegistration(accountId, client, "challenge unknown, used, expired or of another session");
        }
        RegistrationData data;
        try {
            data = webauthn.parseRegistrationResponseJSON(response);
            webauthn.verify(data, new RegistrationParameters(
                    new ServerProperty(rp.origins(), rp.id(), new DefaultChallenge(B64D.decode(c.challenge()))), ALGORITHMS, true, true));
        } catch (DependencyUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            throw refusedRegistration(accountId, client, reason(e));
        }
        var attestation = data.getAttestationObject();
        String format = attestation.getFormat();
        if (config.attestation() == WebAuthnConfig.Attestation.REQUIRED && "none".equals(format)) {
            throw refusedRegistration(accountId, client, "attestation required, none given");
        }
        AuthenticatorData<?> authData = attestation.getAuthenticatorData();
        AttestedCredentialData acd = authData.getAttestedCredentialData();
        String credentialId = B64.encodeToString(acd.getCredentialId());
        String attested = B64.encodeToString(attestedData.convert(acd));
        // The key is only parsed at the first sign-in: check it now, and bound it (an RSA modulus of
        // any size passes webauthn4j's checks; the column holds 4,096 characters).
        if (attested.length() > MAX_ATTESTED_DATA || !usableKey(acd)) {
            throw refusedRegistration(accountId, client, "public key unusable or too large");
        }
        // What a client sent when asked for no attestation is not believed, so not kept.
        String keptFormat = config.attestation() == WebAuthnConfig.Attestation.REQUIRED ? format : "none";
        Instant now = now();
        PasskeyCredential stored;
        try {
            stored = QuarkusTransaction.requiringNew().call(() -> {
                // Under the account row's lock (taken first), while the session that asked is still
                // live: a reset that ended it (and swept a never-proven account's passkeys) after
                // the ceremony was checked either committed before, and nothing is registered, or
                // waits for this transaction, and then removes the passkey registered here.
                if (accounts.lockCurrentCredentials(accountId, current -> refreshTokens.lockLive(sid, current.id())) == null) {
                    throw refusedRegistration(accountId, client, "session ended or account disabled meanwhile");
                }
                if (PasskeyCredential.count("credentialId", credentialId) > 0) {
                    return null;
                }
                PasskeyCredential p = new PasskeyCredential();
                p.id = UUID.randomUUID();
                p.accountId = accountId;
                p.credentialId = credentialId;
                p.attestedData = attested;
                p.attestationFormat = keptFormat.length() > 32 ? keptFormat.substring(0, 32) : keptFormat;
                p.signCount = authData.getSignCount();
                p.uvInitialized = authData.isFlagUV();
                p.backupEligible = authData.isFlagBE();
                p.transports = data.getTransports() == null ? null : data.getTransports().stream().map(AuthenticatorTransport::getValue)
                        .filter(t -> t.matches("[a-z-]{1,16}")).distinct().limit(6).collect(Collectors.joining(" "));
                p.name = label;
                p.createdAt = now;
                p.persistAndFlush();
                audit.recordInCurrentTransaction(AuditEventType.PASSKEY_REGISTERED, accountId, client, p.id.toString());
                // The owner hears of a new way in, in the same transaction (a stolen session cannot add one unseen).
                accounts.contact(accountId).ifPresent(owner -> outbox.enqueue(mails.passkeyAdded(owner.email(), owner.locale(), label)));
                return p;
            });
        } catch (RuntimeException e) {
            if (!UniqueViolation.isCauseOf(e)) {
                throw e;
            }
            // The same credential registered in parallel: the unique index let one in.
            stored = null;
        }
        if (stored == null) {
            // Already there (found by the count, or by the unique index when two raced).
            throw new ProblemException(409, "passkey-exists", "Passkey already registered", "This passkey is already registered.");
        }
        registry.counter("gatehouse.passkey.registrations").increment();
        return PasskeyView.of(stored);
    }

    // ---------------------------------------------------------------- passwordless sign-in

    /**
     * Options of a passwordless sign-in: no credentials listed (the browser offers the discoverable
     * ones, also through autofill), user verification required. {@code browserBinding}, when
     * given (the hosted page's cookie), must come back with the finish.
     */
    public Options startSignIn(String browserBinding, ClientInfo client) {
        limiter.require("passkey-address", client.limitKey(), config.perAddress());
        byte[] challenge = randomBytes(32);
        String handle = newHandle();
        store(handle, new Ceremony(PURPOSE_LOGIN, B64.encodeToString(challenge), null,
                browserBinding == null ? "" : sha256(browserBinding), expiry()));
        Map<String, Object> pk = new LinkedHashMap<>();
        pk.put("challenge", B64.encodeToString(challenge));
        pk.put("rpId", rp.id());
        pk.put("timeout", config.challengeLifetime().toMillis());
        pk.put("userVerification", "required");
        pk.put("allowCredentials", List.of());
        return new Options(handle, pk);
    }

    /** Verifies a passwordless sign-in and starts the session ({@code kind}: token or cookie). */
    public SignedIn finishSignIn(String handle, String browserBinding, String response, String requestedScope, String kind,
                                 ClientInfo client) {
        limiter.require("passkey-address", client.limitKey(), config.perAddress());
        String scope = grantedScope(requestedScope);
        if (response == null || response.isEmpty() || response.length() > MAX_RESPONSE) {
            throw refusedSignIn(null, client, "no or oversized response");
        }
        Ceremony c = take(handle, PURPOSE_LOGIN);
        if (c == null) {
            throw refusedSignIn(null, client, "challenge unknown, used or expired");
        }
        if (!c.binding().isEmpty() && (browserBinding == null || !MessageDigest.isEqual(
                c.binding().getBytes(StandardCharsets.UTF_8), sha256(browserBinding).getBytes(StandardCharsets.UTF_8)))) {
            throw refusedSignIn(null, client, "challenge of another browser");
        }
        Verified v = verifyAssertion(c, response, null, true, client);
        List<String> amr = List.of(v.keyAmr(), AMR_USER, AMR_MFA);
        // Under the account row's lock, the passkey must still be there: a reset that swept the
        // account (or removed it) after the assertion was checked either committed before, and the
        // sign-in is refused, or waits, and then ends the session written here.
        RefreshTokenService.Issued issued = accounts.withCurrentCredentials(v.accountId(), current -> stillRegistered(v.passkeyId(), current.id()),
                current -> current == null ? null
                : refreshTokens.start(new RefreshTokenService.Subject(current.id(), current.roles(), scope, amr), kind, client));
        if (issued == null) {
            throw refusedSignIn(v.accountId(), client, "account disabled or gone, or the passkey removed meanwhile");
        }
        registry.counter("gatehouse.passkey.logins", "outcome", "success").increment();
        audit.record(AuditEventType.PASSKEY_LOGIN, v.accountId(), client, v.passkeyId().toString());
        audit.record(AuditEventType.LOGIN, v.accountId(), client, String.join(" ", amr));
        return new SignedIn(issued, kind, v.accountId());
    }

    // ---------------------------------------------------------------- second factor

    /**
     * Options of the MFA step by passkey for the sign-in waiting under {@code mfaTokenHash}: the
     * account's passkeys listed. A new call replaces the previous challenge of that sign-in.
     */
    public Options startSecondFactor(UUID accountId, String mfaTokenHash, ClientInfo client) {
        limiter.require("passkey-address", client.limitKey(), config.perAddress());
        List<PasskeyCredential> mine = QuarkusTransaction.requiringNew().call(() -> PasskeyCredential.<PasskeyCredential>list("accountId", accountId));
        if (mine.isEmpty()) {
            throw new OAuthErrorException(400, "invalid_request", "This account has no passkey.");
        }
        byte[] challenge = randomBytes(32);
        store(mfaHandle(mfaTokenHash), new Ceremony(PURPOSE_MFA, B64.encodeToString(challenge), accountId, mfaTokenHash, expiry()));
        Map<String, Object> pk = new LinkedHashMap<>();
        pk.put("challenge", B64.encodeToString(challenge));
        pk.put("rpId", rp.id());
        pk.put("timeout", config.challengeLifetime().toMillis());
        pk.put("userVerification", "preferred");
        pk.put("allowCredentials", mine.stream().map(PasskeyService::descriptor).toList());
        return new Options(null, pk);
    }

    /**
     * How many passkeys {@code accountId} has, their rows locked in the caller's transaction: a
     * "last way to sign in" check elsewhere (social unlink) and {@link #remove} lock the same rows
     * first, so the two cannot both pass on a count the other is about to change.
     */
    @jakarta.transaction.Transactional(jakarta.transaction.Transactional.TxType.MANDATORY)
    public int lockCount(UUID accountId) {
        return PasskeyCredential.<PasskeyCredential>find("accountId", accountId).withLock(LockModeType.PESSIMISTIC_WRITE).list().size();
    }

    /**
     * Whether passkey {@code passkeyId} is still registered to {@code accountId} (caller's
     * transaction): a sign-in with it re-checks this under the account row's lock before writing
     * its session ({@link AccountService#withCurrentCredentials}).
     */
    public boolean stillRegistered(UUID passkeyId, UUID accountId) {
        PasskeyCredential p = PasskeyCredential.findById(passkeyId);
        return p != null && p.accountId.equals(accountId);
    }

    /** Whether {@code accountId} has a passkey (the MFA step offers it then). */
    public boolean hasPasskey(UUID accountId) {
        return QuarkusTransaction.joiningExisting().call(() -> PasskeyCredential.count("accountId", accountId) > 0);
    }

    /** A passkey that passed the MFA step: which one (re-checked when the session is written), and the {@code amr} values it adds. */
    public record SecondFactor(UUID passkeyId, List<String> amr) {
    }

    /**
     * The MFA step's passkey check for the sign-in under {@code mfaTokenHash} of {@code accountId}:
     * the passkey and the {@code amr} values it adds, or null when refused (audited here). Uses up the challenge.
     */
    public SecondFactor verifySecondFactor(UUID accountId, String mfaTokenHash, String response, ClientInfo client) {
        if (response == null || response.isEmpty() || response.length() > MAX_RESPONSE) {
            audit(accountId, client, "no or oversized response");
            return null;
        }
        Ceremony c = take(mfaHandle(mfaTokenHash), PURPOSE_MFA);
        if (c == null || !accountId.equals(c.accountId()) || !mfaTokenHash.equals(c.binding())) {
            audit(accountId, client, "challenge unknown, used or expired");
            return null;
        }
        try {
            Verified v = verifyAssertion(c, response, accountId, false, client);
            audit.record(AuditEventType.PASSKEY_LOGIN, accountId, client, v.passkeyId() + " (second factor)");
            List<String> amr = new ArrayList<>(List.of(v.keyAmr()));
            if (v.userVerified()) {
                amr.add(AMR_USER);
            }
            amr.add(AMR_MFA);
            return new SecondFactor(v.passkeyId(), List.copyOf(amr));
        } catch (OAuthErrorException refused) {
            return null;
        }
    }

    // ---------------------------------------------------------------- management

    public List<PasskeyView> list(UUID accountId) {
        return QuarkusTransaction.requiringNew().call(() -> PasskeyCredential.<PasskeyCredential>list("accountId = ?1 order by createdAt", accountId)
                .stream().map(PasskeyView::of).toList());
    }

    public PasskeyView rename(UUID accountId, UUID passkeyId, String name) {
        String label = name == null ? "" : name.strip();
        if (label.isEmpty() || label.length() > MAX_NAME || Text.hasInvisibleOrControl(label) || Text.hasUnpairedSurrogate(label)) {
            throw ProblemException.invalid("name_invalid", "name is required: 1 to " + MAX_NAME + " visible characters.");
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            PasskeyCredential p = PasskeyCredential.findById(passkeyId);
            if (p == null || !p.accountId.equals(accountId)) {
                throw notFound();
            }
            p.name = label;
            return PasskeyView.of(p);
        });
    }

    /**
     * Removes a passkey of {@code accountId}; 409 {@code last-sign-in-method} when it is the last
     * way in (no password, no linked identity, no other passkey). Under a lock on the account's
     * passkeys, so two parallel removals of its last two never leave it with none.
     */
    public void remove(UUID accountId, UUID passkeyId, ClientInfo client, String detail) {
        remove(accountId, passkeyId, client, detail, false);
    }

    /**
     * As {@link #remove(UUID, UUID, ClientInfo, String)}; {@code byOwner}: the account itself asks
     * (not an admin), so the last second factor of a role that requires one stays (an admin's
     * recovery may remove it: the account then enrols again at its next sign-in).
     */
    public void remove(UUID accountId, UUID passkeyId, ClientInfo client, String detail, boolean byOwner) {
        QuarkusTransaction.requiringNew().run(() -> {
            List<PasskeyCredential> mine = PasskeyCredential.<PasskeyCredential>find("accountId", accountId)
                    .withLock(LockModeType.PESSIMISTIC_WRITE).list();
            PasskeyCredential p = mine.stream().filter(x -> x.id.equals(passkeyId)).findFirst().orElseThrow(PasskeyService::notFound);
            if (mine.size() == 1 && !accounts.hasPassword(accountId) && identities.providersOf(accountId).isEmpty()) {
                throw new ProblemException(409, "last-sign-in-method", "Last way to sign in",
                        "This passkey is the account's only way to sign in; add another passkey, a password or a linked identity first.");
            }
            // Removing the only second factor of a role that requires one would let whoever holds the
            // session and the password enrol a factor of their own at the next sign-in (TOTP's
            // turning off needs a code for the same reason).
            if (byOwner && mine.size() == 1 && !mfa.enabled(accountId)
                    && accounts.credentials(accountId).map(c -> mfa.requiresSecondFactor(c.roles())).orElse(false)) {
                throw new ProblemException(409, "second-factor-required", "Second factor required",
                        "This passkey is the account's only second factor, which its role requires; turn on an authenticator app or add another passkey first.");
            }
            p.delete();
            audit.recordInCurrentTransaction(AuditEventType.PASSKEY_REMOVED, accountId, client,
                    passkeyId + (detail == null ? "" : " " + detail));
        });
        registry.counter("gatehouse.passkey.removals").increment();
    }

    /**
     * The first proof of an address never proven (a password reset through the mailed link): its
     * passkeys were added before anyone showed they own the mailbox, so they go (the proof's
     * transaction).
     */
    void onAddressFirstProven(@jakarta.enterprise.event.Observes dev.gatehouse.account.AddressFirstProven proven) {
        for (PasskeyCredential p : PasskeyCredential.<PasskeyCredential>list("accountId", proven.accountId())) {
            p.delete();
            audit.recordInCurrentTransaction(AuditEventType.PASSKEY_REMOVED, proven.accountId(), null,
                    p.id + " " + proven.how() + " of an unproven address");
        }
    }

    // ---------------------------------------------------------------- internals

    private record Verified(UUID accountId, UUID passkeyId, String keyAmr, boolean userVerified) {
    }

    /**
     * Checks an assertion against ceremony {@code c}: the passkey (of {@code onlyAccount} when
     * given), the signature, origin, RP id, challenge, flags and counter; raises the stored counter.
     */
    private Verified verifyAssertion(Ceremony c, String response, UUID onlyAccount, boolean userVerification, ClientInfo client) {
        AuthenticationData data;
        try {
            data = webauthn.parseAuthenticationResponseJSON(response);
        } catch (RuntimeException e) {
            throw refusedSignIn(onlyAccount, client, "malformed response");
        }
        byte[] rawId = data.getCredentialId();
        String credentialId = rawId == null ? "" : B64.encodeToString(rawId);
        PasskeyCredential stored = QuarkusTransaction.requiringNew().call(() -> {
            PasskeyCredential p = PasskeyCredential.find("credentialId", credentialId).firstResult();
            return p == null ? null : copyOf(p);
        });
        if (stored == null || (onlyAccount != null && !stored.accountId.equals(onlyAccount))) {
            throw refusedSignIn(onlyAccount, client, "unknown passkey");
        }
        if (data.getUserHandle() != null && data.getUserHandle().length > 0
                && !Arrays.equals(data.getUserHandle(), userHandle(stored.accountId))) {
            throw refusedSignIn(stored.accountId, client, "user handle of another account");
        }
        AttestedCredentialData acd = attestedData.convert(B64D.decode(stored.attestedData));
        CredentialRecordImpl record = new CredentialRecordImpl(new NoneAttestationStatement(), stored.uvInitialized,
                stored.backupEligible, stored.backupEligible, stored.signCount, acd, null, null, null,
                stored.transports == null ? null : Arrays.stream(stored.transports.split(" ")).filter(s -> !s.isEmpty())
                        .map(AuthenticatorTransport::create).collect(Collectors.toSet()));
        ServerProperty server = new ServerProperty(rp.origins(), rp.id(), new DefaultChallenge(B64D.decode(c.challenge())));
        try {
            webauthn.verify(data, new AuthenticationParameters(server, record, onlyAccount == null ? null : List.of(rawId),
                    userVerification, true));
        } catch (MaliciousCounterValueException e) {
            clone(stored, client);
            throw refusedSignIn(stored.accountId, client, null);
        } catch (RuntimeException e) {
            throw refusedSignIn(stored.accountId, client, reason(e));
        }
        long counter = data.getAuthenticatorData().getSignCount();
        Instant now = now();
        // Compare and set: a counter is accepted once (0 stays 0 for authenticators without one).
        int raised = QuarkusTransaction.requiringNew().call(() -> counter == 0
                ? PasskeyCredential.update("lastUsedAt = ?1 where id = ?2 and signCount = 0", now, stored.id)
                : PasskeyCredential.update("signCount = ?1, lastUsedAt = ?2 where id = ?3 and signCount < ?1", counter, now, stored.id));
        if (raised != 1) {
            // Another assertion with this counter (or a higher one) won meanwhile: two copies of one key.
            clone(stored, client);
            throw refusedSignIn(stored.accountId, client, null);
        }
        // hwk (RFC 8176: a hardware-secured key) only for a key whose maker's attestation was checked
        // at registration and that cannot leave the device; flags alone are the client's word.
        boolean attested = !"none".equals(stored.attestationFormat) && config.attestation() == WebAuthnConfig.Attestation.REQUIRED;
        String keyAmr = !attested || stored.backupEligible || data.getAuthenticatorData().isFlagBE() ? AMR_SWK : AMR_HWK;
        return new Verified(stored.accountId, stored.id, keyAmr, data.getAuthenticatorData().isFlagUV());
    }

    /** The credential's key parses, and an RSA key has a modulus of 2,048 to 4,096 bits. */
    private static boolean usableKey(AttestedCredentialData acd) {
        try {
            java.security.PublicKey key = acd.getCOSEKey().getPublicKey();
            if (key instanceof java.security.interfaces.RSAPublicKey rsa) {
                int bits = rsa.getModulus().bitLength();
                return bits >= 2048 && bits <= 4096;
            }
            return key != null;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void clone(PasskeyCredential stored, ClientInfo client) {
        registry.counter("gatehouse.passkey.clones").increment();
        audit.record(AuditEventType.PASSKEY_LOGIN_ERROR, stored.accountId, client,
                stored.id + ": signature counter did not rise (possible cloned authenticator)");
    }

    private static String reason(RuntimeException e) {
        if (e instanceof BadChallengeException) {
            return "wrong challenge";
        } else if (e instanceof BadOriginException) {
            return "origin not allowed";
        } else if (e instanceof BadRpIdException) {
            return "relying-party id not ours";
        } else if (e instanceof UserNotVerifiedException) {
            return "user not verified";
        } else if (e instanceof com.webauthn4j.verifier.exception.BadSignatureException) {
            return "bad signature";
        } else if (e instanceof com.webauthn4j.verifier.exception.VerificationException) {
            return "verification failed";
        }
        return "malformed response";
    }

    private OAuthErrorException refusedSignIn(UUID accountId, ClientInfo client, String reason) {
        if (reason != null) {
            audit(accountId, client, reason);
        }
        registry.counter("gatehouse.passkey.logins", "outcome", "failure").increment();
        return new OAuthErrorException(400, "invalid_grant", NOT_ACCEPTED);
    }

    private void audit(UUID accountId, ClientInfo client, String reason) {
        audit.record(AuditEventType.PASSKEY_LOGIN_ERROR, accountId, client, reason);
    }

    private ProblemException refusedRegistration(UUID accountId, ClientInfo client, String reason) {
        audit.record(AuditEventType.PASSKEY_LOGIN_ERROR, accountId, client, "registration refused: " + reason);
        return new ProblemException(400, "passkey-invalid", "Passkey refused",
                "The passkey could not be registered: " + reason + ". Start again.");
    }

    private static void requireResponse(String response) {
        if (response == null || response.isEmpty() || response.length() > MAX_RESPONSE) {
            throw ProblemException.invalid("credential_missing", "credential (the browser's PublicKeyCredential as JSON) is required.");
        }
    }

    private String grantedScope(String requested) {
        if (requested == null || requested.isBlank()) {
            return String.join(" ", gatehouse.scopes());
        }
        Set<String> asked = new LinkedHashSet<>(Arrays.asList(requested.trim().split("\\s+")));
        if (!gatehouse.scopes().containsAll(asked)) {
            throw new OAuthErrorException(400, "invalid_scope", "The requested scope is not available.");
        }
        return String.join(" ", asked);
    }

    private void store(String handle, Ceremony c) {
        try {
            // The store's own expiry is a little longer: the ceremony's expiresAt (this clock) decides.
            challenges.put(handle, json.writeValueAsString(c), config.challengeLifetime().plusSeconds(5));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The live ceremony under {@code handle} for {@code purpose}, used up; null when unknown, used, expired or another kind. */
    private Ceremony take(String handle, String purpose) {
        if (handle == null || handle.isEmpty() || handle.length() > 128) {
            return null;
        }
        Optional<String> raw = challenges.take(handle);
        if (raw.isEmpty()) {
            return null;
        }
        try {
            Ceremony c = json.readValue(raw.get(), Ceremony.class);
            return purpose.equals(c.purpose()) && c.expiresAt() > clock.millis() ? c : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String mfaHandle(String mfaTokenHash) {
        return "mfa:" + mfaTokenHash;
    }

    private long expiry() {
        return clock.millis() + config.challengeLifetime().toMillis();
    }

    /** The WebAuthn user handle of an account: its UUID's 16 bytes (random, no personal data). */
    static byte[] userHandle(UUID accountId) {
        return ByteBuffer.allocate(16).putLong(accountId.getMostSignificantBits()).putLong(accountId.getLeastSignificantBits()).array();
    }

    private static Map<String, Object> descriptor(PasskeyCredential p) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("type", "public-key");
        d.put("id", p.credentialId);
        if (p.transports != null && !p.transports.isEmpty()) {
            d.put("transports", List.of(p.transports.split(" ")));
        }
        return d;
    }

    private static PasskeyCredential copyOf(PasskeyCredential p) {
        PasskeyCredential c = new PasskeyCredential();
        c.id = p.id;
        c.accountId = p.accountId;
        c.credentialId = p.credentialId;
        c.attestedData = p.attestedData;
        c.attestationFormat = p.attestationFormat;
        c.signCount = p.signCount;
        c.uvInitialized = p.uvInitialized;
        c.backupEligible = p.backupEligible;
        c.transports = p.transports;
        c.name = p.name;
        c.createdAt = p.createdAt;
        c.lastUsedAt = p.lastUsedAt;
        return c;
    }

    private static ProblemException notFound() {
        return new ProblemException(404, "passkey-not-found", "No such passkey", "The account has no passkey with this id.");
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private String newHandle() {
        return B64.encodeToString(randomBytes(32));
    }

    /** A fresh random value (256 bits) that binds a sign-in ceremony to one browser by a cookie. */
    public String newBrowserBinding() {
        return newHandle();
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
