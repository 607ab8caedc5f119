package dev.gatehouse.oidc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.audit.AuditEventType;
import dev.gatehouse.audit.AuditLog;
import dev.gatehouse.client.ClientService;
import dev.gatehouse.client.RedirectUris;
import dev.gatehouse.common.ClientInfo;
import dev.gatehouse.common.GatehouseConfig;
import dev.gatehouse.common.PublicUrls;
import dev.gatehouse.protection.RateLimiter;
import dev.gatehouse.token.RefreshTokenService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The authorization endpoint's logic (OpenID Connect Core 3.1.2, RFC 6749 4.1, RFC 7636, RFC 9207).
 * Order of checks: the client and its exact redirect URI first (failing either is an error page,
 * never a redirect), then everything else, whose failures go back to the client's redirect URI
 * with {@code state} and {@code iss}. A request that needs the person (sign-in, consent) is kept as
 * a pending request and resumed by {@code /oauth2/authorize?resume=...} after the hosted page.
 */
@ApplicationScoped
public class AuthorizationService {

    /** RFC 7636: 43-128 characters of the unreserved set; S256 challenges are exactly 43. */
    private static final Pattern CHALLENGE = Pattern.compile("[A-Za-z0-9._~-]{43}");
    private static final Set<String> PROMPTS = Set.of("none", "login", "consent", "select_account");
    public static final String ACR = "urn:gatehouse:acr:pwd";
    public static final String ACR_MFA = "urn:gatehouse:acr:mfa";

    private final ClientService clients;
    private final RefreshTokenService sessions;
    private final OidcConfig config;
    private final GatehouseConfig gatehouse;
    private final PublicUrls urls;
    private final RateLimiter limiter;
    private final AuditLog audit;
    private final Clock clock;
    private final ObjectMapper json;
    private final SecureRandom random = new SecureRandom();

    public AuthorizationService(ClientService clients, RefreshTokenService sessions, OidcConfig config, GatehouseConfig gatehouse,
                                PublicUrls urls, RateLimiter limiter, AuditLog audit, Clock clock, ObjectMapper json) {
        this.clients = clients;
        this.sessions = sessions;
        this.config = config;
        this.gatehouse = gatehouse;
        this.urls = urls;
        this.limiter = limiter;
        this.audit = audit;
        this.clock = clock;
        this.json = json;
    }

    /** What the endpoint answers. */
    public sealed interface Outcome permits ErrorPage, Redirect, ConsentPage {
    }

    /** No redirect: the client or its redirect URI could not be verified (or the request is unusable). */
    public record ErrorPage(int status, Reason reason) implements Outcome {
    }

    /** Why there is no redirect; the page says it in the reader's language. */
    public enum Reason { REPEATED_PARAMETER, REQUEST_EXPIRED, UNKNOWN_CLIENT, UNREGISTERED_REDIRECT }

    /** A 303 to {@code location}: the client (code or error) or the hosted sign-in page. */
    public record Redirect(String location) implements Outcome {
    }

    /** The consent screen for a client not marked first-party. */
    public record ConsentPage(String clientName, String clientId, List<String> scopes, String resume) implements Outcome {
    }

    /** A request validated up to the point where errors may be redirected. */
    private record Verified(ClientService.UserClient client, String redirectUri, String state) {
    }

    private static final class RedirectError extends RuntimeException {
        final String error;

        RedirectError(String error, String description) {
            super(description, null, false, false);
            this.error = error;
        }
    }

    /**
     * Handles one authorization request. {@code params}: the query (GET) or form (POST), every
     * value single; {@code sessionCookie}: the SSO browser session, or null.
     */
    public Outcome authorize(Map<String, List<String>> rawParams, String sessionCookie, ClientInfo info) {
        Map<String, String> params;
        Instant loginAfter = null;
        String resumeId = null;
        try {
            params = single(rawParams);
        } catch (IllegalArgumentException e) {
            return new ErrorPage(400, Reason.REPEATED_PARAMETER);
        }
        if (params.containsKey("resume")) {
            resumeId = params.get("resume");
            Optional<PendingRequest> pending = pending(resumeId);
            if (pending.isEmpty()) {
                return new ErrorPage(400, Reason.REQUEST_EXPIRED);
            }
            params = readParams(pending.get().params);
            loginAfter = pending.get().loginAfter;
        }
        String clientId = params.get("client_id");
        Optional<ClientService.UserClient> found = clientId == null ? Optional.empty() : clients.userClient(clientId);
        if (found.isEmpty() || !found.get().enabled()) {
            return new ErrorPage(400, Reason.UNKNOWN_CLIENT);
        }
        ClientService.UserClient client = found.get();
        String redirectUri = params.get("redirect_uri");
        if (!RedirectUris.matches(client.redirectUris(), redirectUri, client.isPublic())) {
            audit.record(AuditEventType.OIDC_AUTHORIZE_ERROR, null, info, "client " + client.clientId() + ": redirect_uri not registered");
            return new ErrorPage(400, Reason.UNREGISTERED_REDIRECT);
        }
        Verified v = new Verified(client, redirectUri, params.get("state"));
        try {
            return afterVerified(v, params, sessionCookie, loginAfter, resumeId, info);
        } catch (RedirectError e) {
            audit.record(AuditEventType.OIDC_AUTHORIZE_ERROR, null, info, "client " + client.clientId() + ": " + e.error);
            return new Redirect(errorRedirect(v, e.error, e.getMessage()));
        }
    }

    private Outcome afterVerified(Verified v, Map<String, String> params, String sessionCookie, Instant loginAfter, String resumeId,
                                  ClientInfo info) {
        if (params.containsKey("request")) {
            throw new RedirectError("request_not_supported", "Request objects are not supported.");
        }
        if (params.containsKey("request_uri")) {
            throw new RedirectError("request_uri_not_supported", "request_uri is not supported.");
        }
        if (!"code".equals(params.get("response_type"))) {
            throw new RedirectError("unsupported_response_type", "Only response_type=code is supported.");
        }
        String mode = params.get("response_mode");
        if (mode != null && !mode.equals("query")) {
            throw new RedirectError("invalid_request", "Only response_mode=query is supported.");
        }
        String challenge = params.get("code_challenge");
        String method = params.get("code_challenge_method");
        if (challenge == null) {
            throw new RedirectError("invalid_request", "PKCE is required: code_challenge with code_challenge_method=S256.");
        }
        if (!"S256".equals(method)) {
            throw new RedirectError("invalid_request", "code_challenge_method must be S256 (plain is not accepted).");
        }
        if (!CHALLENGE.matcher(challenge).matches()) {
            throw new RedirectError("invalid_request", "code_challenge must be the 43-character base64url SHA-256 of the verifier.");
        }
        String scopeParam = params.get("scope");
        if (scopeParam == null || scopeParam.isBlank()) {
            throw new RedirectError("invalid_scope", "scope is required (openid, and profile or email as needed).");
        }
        Set<String> scopes = new LinkedHashSet<>(Arrays.asList(scopeParam.trim().split(" +")));
        if (!v.client().scopes().containsAll(scopes) || !gatehouse.scopes().containsAll(scopes)) {
            throw new RedirectError("invalid_scope", "A scope asked for is not allowed for this application.");
        }
        Set<String> prompt = params.get("prompt") == null ? Set.of()
                : new LinkedHashSet<>(Arrays.asList(params.get("prompt").trim().split(" +")));
        if (!PROMPTS.containsAll(prompt) || (prompt.contains("none") && prompt.size() > 1)) {
            throw new RedirectError("invalid_request", "prompt: none alone, or any of login, consent, select_account.");
        }
        Long maxAge = null;
        if (params.get("max_age") != null) {
            try {
                maxAge = Long.parseLong(params.get("max_age"));
            } catch (NumberFormatException e) {
                maxAge = -1L;
            }
            if (maxAge < 0 || maxAge > 100_000_000L) {
                throw new RedirectError("invalid_request", "max_age must be a non-negative number of seconds.");
            }
        }
        String nonce = params.get("nonce");
        if ((nonce != null && nonce.length() > 512) || (v.state() != null && v.state().length() > 2048)) {
            throw new RedirectError("invalid_request", "nonce (512) or state (2048) is too long.");
        }
        String loginHint = params.get("login_hint");
        Instant now = clock.instant();
        if (resumeId == null && (prompt.contains("login") || prompt.contains("select_account"))) {
            loginAfter = now;
        }
        Optional<RefreshTokenService.BrowserSession> session = sessions.browserSession(sessionCookie);
        final Instant after = loginAfter;
        final Long age = maxAge;
        boolean fresh = session.isPresent()
                && (after == null || !session.get().authTime().isBefore(after))
                && (age == null || !session.get().authTime().isBefore(now.minusSeconds(age)));
        if (!fresh) {
            if (prompt.contains("none")) {
                throw new RedirectError("login_required", "The person is not signed in (or not recently enough).");
            }
            String id = resumeId != null ? resumeId : savePending(params, after, info);
            Map<String, String> q = new LinkedHashMap<>();
            q.put("return_to", resumeUrl(id));
            q.put("login_hint", loginHint != null && loginHint.length() <= 320 ? loginHint : null);
            return new Redirect(Urls.withQuery(urls.absolute("/login").toString(), q));
        }
        RefreshTokenService.BrowserSession s = session.get();
        if (!v.client().firstParty() && (prompt.contains("consent") || !consented(s.accountId(), v.client().clientId(), scopes))) {
            if (prompt.contains("none")) {
                throw new RedirectError("consent_required", "The person has not allowed this application yet.");
            }
            // The consent page's answer resumes this request; a consent given once is not asked again.
            Map<String, String> kept = new LinkedHashMap<>(params);
            kept.remove("prompt");
            String id = savePending(kept, null, info);
            return new ConsentPage(v.client().name(), v.client().clientId(), List.copyOf(scopes), id);
        }
        String code = issueCode(v, s, String.join(" ", scopes), challenge, nonce);
        audit.record(AuditEventType.OIDC_AUTHORIZE, s.accountId(), info, "client " + v.client().clientId());
        Map<String, String> q = new LinkedHashMap<>();
        q.put("code", code);
        q.put("state", v.state());
        q.put("iss", gatehouse.issuer());
        return new Redirect(Urls.withQuery(v.redirectUri(), q));
    }

    /**
     * The consent form's answer. {@code allow}: remembered for the account and these scopes, then
     * the request resumes (a code); otherwise {@code access_denied} to the client.
     */
    public Outcome consent(String resumeId, boolean allow, String sessionCookie, ClientInfo info) {
        Optional<PendingRequest> pending = pending(resumeId);
        if (pending.isEmpty()) {
            return new ErrorPage(400, Reason.REQUEST_EXPIRED);
        }
        Map<String, String> params = readParams(pending.get().params);
        Optional<ClientService.UserClient> client = clients.userClient(params.get("client_id"));
        Optional<RefreshTokenService.BrowserSession> session = sessions.browserSession(sessionCookie);
        if (client.isEmpty() || !client.get().enabled() || session.isEmpty()) {
            return new ErrorPage(400, Reason.REQUEST_EXPIRED);
        }
        Verified v = new Verified(client.get(), params.get("redirect_uri"), params.get("state"));
        if (!allow) {
            audit.record(AuditEventType.OIDC_CONSENT_ERROR, session.get().accountId(), info, "client " + v.client().clientId() + " denied");
            return new Redirect(errorRedirect(v, "access_denied", "The person did not allow the application."));
        }
        Set<String> scopes = new LinkedHashSet<>(Arrays.asList(params.get("scope").trim().split(" +")));
        remember(session.get().accountId(), v.client().clientId(), scopes);
        audit.record(AuditEventType.OIDC_CONSENT, session.get().accountId(), info, "client " + v.client().clientId() + " " + scopes);
        return authorize(Map.of("resume", List.of(resumeId)), sessionCookie, info);
    }

    /**
     * For the hosted page's Content-Security-Policy: the origin of the client redirect a pending
     * request will end at, when {@code returnTo} is a resume URL (form-action covers redirects).
     */
    public Optional<String> formTargetFor(String returnTo) {
        String prefix = resumeUrl("");
        if (returnTo == null || !returnTo.startsWith(prefix)) {
            return Optional.empty();
        }
        return pending(returnTo.substring(prefix.length())).map(p -> readParams(p.params).get("redirect_uri")).map(uri -> {
            java.net.URI u = java.net.URI.create(uri);
            return u.getRawAuthority() == null ? u.getScheme() + ":" : u.getScheme() + "://" + u.getRawAuthority();
        });
    }

    String resumeUrlFor(String id) {
        return resumeUrl(id);
    }

    private String resumeUrl(String id) {
        return urls.absolute("/oauth2/authorize").toString() + "?resume=" + id;
    }

    private String errorRedirect(Verified v, String error, String description) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("error", error);
        q.put("error_description", description);
        q.put("state", v.state());
        q.put("iss", gatehouse.issuer());
        return Urls.withQuery(v.redirectUri(), q);
    }

    private boolean consented(UUID accountId, String clientId, Set<String> scopes) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Consent c = Consent.findById(new Consent.Key(accountId, clientId));
            return c != null && new LinkedHashSet<>(Arrays.asList(c.scopes.split(" "))).containsAll(scopes);
        });
    }

    @Transactional
    void remember(UUID accountId, String clientId, Set<String> scopes) {
        Consent c = Consent.findById(new Consent.Key(accountId, clientId));
        if (c == null) {
            c = new Consent();
            c.id = new Consent.Key(accountId, clientId);
            c.scopes = String.join(" ", scopes);
            c.grantedAt = clock.instant();
            c.persist();
        } else {
            Set<String> all = new LinkedHashSet<>(Arrays.asList(c.scopes.split(" ")));
            all.addAll(scopes);
            c.scopes = String.join(" ", all);
            c.grantedAt = clock.instant();
        }
    }

    private String issueCode(Verified v, RefreshTokenService.BrowserSession s, String scope, String challenge, String nonce) {
        String code = randomToken();
        Instant now = clock.instant();
        QuarkusTransaction.requiringNew().run(() -> {
            AuthorizationCode c = new AuthorizationCode();
            c.codeHash = hash("code", code);
            c.clientId = v.client().clientId();
            c.accountId = s.accountId();
            c.redirectUri = v.redirectUri();
            c.codeChallenge = challenge;
            c.scope = scope;
            c.nonce = nonce;
            c.amr = String.join(" ", s.amr());
            c.authTime = s.authTime();
            c.ssoFamilyId = s.familyId();
            c.createdAt = now;
            c.expiresAt = now.plus(config.codeTtl());
            c.persist();
        });
        return code;
    }

    private String savePending(Map<String, String> params, Instant loginAfter, ClientInfo info) {
        limiter.require("oidc-authorize-address", info.limitKey(), config.authorizePerAddress());
        String id = randomToken();
        Instant now = clock.instant();
        String body;
        try {
            body = json.writeValueAsString(params);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        if (body.length() > 16000) {
            throw new RedirectError("invalid_request", "The request is too large.");
        }
        QuarkusTransaction.requiringNew().run(() -> {
            PendingRequest p = new PendingRequest();
            p.idHash = hash("pending", id);
            p.params = body;
            p.loginAfter = loginAfter;
            p.createdAt = now;
            p.expiresAt = now.plus(config.pendingRequestTtl());
            p.persist();
        });
        return id;
    }

    private Optional<PendingRequest> pending(String id) {
        if (id == null || id.length() != 43) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return QuarkusTransaction.requiringNew().call(() -> Optional.ofNullable(PendingRequest.<PendingRequest>findById(hash("pending", id)))
                .filter(p -> p.expiresAt.isAfter(now)));
    }

    private Map<String, String> readParams(String body) {
        try {
            return json.readValue(body, new TypeReference<LinkedHashMap<String, String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> single(Map<String, List<String>> raw) {
        Map<String, String> out = new LinkedHashMap<>();
        raw.forEach((k, values) -> {
            if (values.size() > 1) {
                throw new IllegalArgumentException(k);
            }
            if (!values.isEmpty() && values.get(0) != null && !values.get(0).isEmpty()) {
                out.put(k, values.get(0));
            }
        });
        return out;
    }

    /** Forgets expired codes and pending requests. */
    @Scheduled(every = "5m", delayed = "1m")
    @Transactional
    void purge() {
        Instant now = clock.instant();
        AuthorizationCode.delete("expiresAt < ?1", now.minusSeconds(3600));
        PendingRequest.delete("expiresAt < ?1", now);
    }

    String randomToken() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static String hash(String purpose, String value) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(("gatehouse oidc " + purpose + " v1|" + value)
                    .getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The first proof of a never-proven address (a password reset through the mailed link): the
     * consents were given by whoever signed in before anyone proved the mailbox, so they go in the
     * reset's transaction and the owner is asked again.
     */
    void onAddressFirstProven(@jakarta.enterprise.event.Observes dev.gatehouse.account.AddressFirstProven proven) {
        Consent.delete("id.accountId", proven.accountId());
    }
}
