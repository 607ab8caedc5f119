package dev.gatehouse.client;

import dev.gatehouse.audit.AuditEventType;
import dev.gatehouse.audit.AuditLog;
import dev.gatehouse.common.ClientInfo;
import dev.gatehouse.common.GatehouseConfig;
import dev.gatehouse.common.ProblemException;
import dev.gatehouse.common.Text;
import dev.gatehouse.keys.SigningAlgorithm;
import dev.gatehouse.keys.SigningAlgorithms;
import dev.gatehouse.token.ServiceClients;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Registered OAuth clients: machine clients today (client credentials), by secret or by
 * {@code private_key_jwt}. Secrets are 256 random bits, shown once, and stored as SHA-256: a
 * keyed or slow hash adds nothing against guessing 256 bits, and a fast one keeps each token
 * request cheap (guessing is limited per address and per client by {@link ClientAuthenticator}).
 * The service clients of {@code GATEHOUSE_TOKEN_SERVICE_CLIENTS} are listed as clients too, read-only.
 */
@ApplicationScoped
public class ClientService {

    /** Client ids: lower-case letters, digits, {@code . _ -}; never a UUID (which would pass for an account). */
    private static final Pattern CLIENT_ID = Pattern.compile("[a-z0-9][a-z0-9._-]{2,63}");
    /** RFC 6749 section 3.3 scope-token characters. */
    private static final Pattern SCOPE = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,64}");
    private static final Pattern AUDIENCE = Pattern.compile("[\\x21-\\x7E]{1,200}");
    private static final String SECRET_PREFIX = "gcs_";
    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private final ClientConfig config;
    private final GatehouseConfig gatehouse;
    private final ServiceClients serviceClients;
    private final AuditLog audit;
    private final Clock clock;
    private final SigningAlgorithms algorithms;
    private final SecureRandom random = new SecureRandom();

    public ClientService(ClientConfig config, GatehouseConfig gatehouse, ServiceClients serviceClients, AuditLog audit, Clock clock,
                         SigningAlgorithms algorithms) {
        this.config = config;
        this.gatehouse = gatehouse;
        this.serviceClients = serviceClients;
        this.audit = audit;
        this.clock = clock;
        this.algorithms = algorithms;
    }

    /** A client as admins see it (never a secret or its hash). */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record ClientView(String clientId, String type, String name, String source, String authMethod, List<String> scopes,
                             List<String> audiences, boolean enabled, boolean previousSecretActive, Instant previousSecretExpiresAt,
                             Instant createdAt, List<String> redirectUris, List<String> postLogoutRedirectUris, Boolean firstParty,
                             String backchannelLogoutUri, String idTokenSignedResponseAlg) {
        static ClientView of(OAuthClient c, Instant now) {
            boolean previous = c.previousSecretHash != null && c.previousSecretExpiresAt != null && c.previousSecretExpiresAt.isAfter(now);
            boolean user = !OAuthClient.TYPE_MACHINE.equals(c.type);
            return new ClientView(c.id, c.type, c.name, "database", c.authMethod, List.copyOf(OAuthClient.split(c.scopes)),
                    List.copyOf(OAuthClient.split(c.audiences)), c.enabled, previous, previous ? c.previousSecretExpiresAt : null, c.createdAt,
                    user ? List.copyOf(OAuthClient.split(c.redirectUris)) : null,
                    user ? List.copyOf(OAuthClient.split(c.postLogoutRedirectUris)) : null, user ? c.firstParty : null,
                    c.backchannelLogoutUri, user ? idTokenAlg(c).jose() : null);
        }

        static ClientView configured(String id) {
            return new ClientView(id, OAuthClient.TYPE_MACHINE, id, "config", "client_secret_basic", List.of(), List.of(), true,
                    false, null, null, null, null, null, null, null);
        }
    }

    /**
     * What the OpenID Provider needs of a registered PUBLIC or CONFIDENTIAL client (enabled or not:
     * the caller checks {@code enabled}).
     */
    public record UserClient(String clientId, String type, String name, boolean enabled, boolean firstParty, Set<String> scopes,
                             List<String> redirectUris, List<String> postLogoutRedirectUris, String backchannelLogoutUri,
                             SigningAlgorithm idTokenAlg) {
        public boolean isPublic() {
            return OAuthClient.TYPE_PUBLIC.equals(type);
        }
    }

    /** A registered client that signs people in (PUBLIC or CONFIDENTIAL), or empty (unknown, machine or configured). */
    public Optional<UserClient> userClient(String id) {
        return io.quarkus.narayana.jta.QuarkusTransaction.joiningExisting().call(() -> find(id)
                .filter(c -> !OAuthClient.TYPE_MACHINE.equals(c.type))
                .map(c -> new UserClient(c.id, c.type, c.name, c.enabled, c.firstParty, OAuthClient.split(c.scopes),
                        List.copyOf(OAuthClient.split(c.redirectUris)), List.copyOf(OAuthClient.split(c.postLogoutRedirectUris)),
                        c.backchannelLogoutUri, idTokenAlg(c))));
    }

    /** A registration's answer: the secret (once), or null for {@code private_key_jwt}. */
    public record Registered(ClientView client, String clientSecret) {
    }

    /**
     * What an authenticated client may ask for; {@code idTokenAlg} the algorithm of its ID tokens
     * (RS256 for clients that registered none, and for machine and configured clients, which get none).
     */
    public record Allowed(String clientId, Set<String> scopes, Set<String> audiences, String type, SigningAlgorithm idTokenAlg) {
    }

    /**
     * Registration as an admin asks for it. {@code idTokenSignedResponseAlg} (also accepted under its
     * OpenID Connect Dynamic Client Registration name {@code id_token_signed_response_alg}): the
     * algorithm of the client's ID tokens, one this deployment keeps keys for; RS256 when absent.
     */
    public record Registration(String clientId, String name, String authMethod, List<String> scopes, List<String> audiences,
                               java.util.Map<String, Object> jwks, String type, List<String> redirectUris,
                               List<String> postLogoutRedirectUris, Boolean firstParty, String backchannelLogoutUri,
                               @com.fasterxml.jackson.annotation.JsonAlias("id_token_signed_response_alg") String idTokenSignedResponseAlg) {
    }

    @Transactional
    public Registered register(Registration r, String actorDetail, ClientInfo client) {
        if (r == null) {
            throw ProblemException.invalid("body_missing", "A JSON body is required.");
        }
        String id = r.clientId() == null ? "mc-" + randomBase62(20).toLowerCase() : r.clientId();
        if (!CLIENT_ID.matcher(id).matches() || looksLikeUuid(id)) {
            throw ProblemException.invalid("client_id_invalid", "clientId: 3-64 of a-z 0-9 . _ -, starting with a letter or digit.");
        }
        String name = r.name() == null || r.name().isBlank() ? id : r.name().strip();
        if (name.length() > 200 || Text.hasInvisibleOrControl(name) || Text.hasUnpairedSurrogate(name)) {
            throw ProblemException.invalid("name_invalid", "name: at most 200 visible characters.");
        }
        Set<String> scopes = r.scopes() == null && r.type() != null && !OAuthClient.TYPE_MACHINE.equals(r.type())
                ? new LinkedHashSet<>(gatehouse.scopes())
                : checked(r.scopes(), SCOPE, "scopes_invalid", "scopes: a list of RFC 6749 scope names.");
        Set<String> audiences = r.audiences() == null || r.audiences().isEmpty() ? Set.of(gatehouse.audience())
                : checked(r.audiences(), AUDIENCE, "audiences_invalid", "audiences: a list of audience names or URIs.");
        String type = r.type() == null ? OAuthClient.TYPE_MACHINE : r.type();
        if (!List.of(OAuthClient.TYPE_MACHINE, OAuthClient.TYPE_PUBLIC, OAuthClient.TYPE_CONFIDENTIAL).contains(type)) {
            throw ProblemException.invalid("type_invalid", "type: MACHINE, PUBLIC or CONFIDENTIAL.");
        }
        boolean isPublic = OAuthClient.TYPE_PUBLIC.equals(type);
        String method = r.authMethod() == null ? (isPublic ? OAuthClient.AUTH_NONE : OAuthClient.AUTH_SECRET) : r.authMethod();
        if (isPublic ? !method.equals(OAuthClient.AUTH_NONE)
                : !method.equals(OAuthClient.AUTH_SECRET) && !method.equals(OAuthClient.AUTH_PRIVATE_KEY_JWT)) {
            throw ProblemException.invalid("auth_method_invalid", isPublic ? "authMethod: none for a PUBLIC client."
                    : "authMethod: client_secret or private_key_jwt.");
        }
        boolean user = !OAuthClient.TYPE_MACHINE.equals(type);
        List<String> redirects = RedirectUris.checkedList(r.redirectUris(), "redirectUris", user);
        List<String> postLogout = RedirectUris.checkedList(r.postLogoutRedirectUris(), "postLogoutRedirectUris", false);
        String backchannel = r.backchannelLogoutUri() == null ? null : RedirectUris.checkedBackchannel(r.backchannelLogoutUri());
        if (!user && (!redirects.isEmpty() || !postLogout.isEmpty() || backchannel != null || r.firstParty() != null)) {
            throw ProblemException.invalid("redirect_uris_unexpected", "Redirect and logout settings are for PUBLIC and CONFIDENTIAL clients.");
        }
        String idTokenAlg = checkedIdTokenAlg(r.idTokenSignedResponseAlg(), user);
        if (serviceClients.ids().contains(id) || OAuthClient.findById(id) != null) {
            throw new ProblemException(409, "client-exists", "Client exists", "A client with this id exists.");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        OAuthClient c = new OAuthClient();
        c.id = id;
        c.type = type;
        c.name = name;
        c.redirectUris = redirects.isEmpty() ? null : String.join(" ", redirects);
        c.postLogoutRedirectUris = postLogout.isEmpty() ? null : String.join(" ", postLogout);
        c.firstParty = Boolean.TRUE.equals(r.firstParty());
        c.backchannelLogoutUri = backchannel;
        c.idTokenSignedResponseAlg = idTokenAlg;
        c.authMethod = method;
        c.scopes = String.join(" ", scopes);
        c.audiences = String.join(" ", audiences);
        c.enabled = true;
        c.createdAt = now;
        c.updatedAt = now;
        String secret = null;
        if (method.equals(OAuthClient.AUTH_NONE)) {
            if (r.jwks() != null) {
                throw ProblemException.invalid("jwks_unexpected", "jwks is for authMethod private_key_jwt.");
            }
        } else if (method.equals(OAuthClient.AUTH_SECRET)) {
            if (r.jwks() != null) {
                throw ProblemException.invalid("jwks_unexpected", "jwks is for authMethod private_key_jwt.");
            }
            secret = newSecret();
            c.secretHash = hash(secret);
        } else {
            c.jwks = checkedJwks(r.jwks());
        }
        c.persist();
        audit.recordInCurrentTransaction(AuditEventType.CLIENT_CREATED, null, client, actorDetail + " client " + id + " " + type + " " + method);
        return new Registered(ClientView.of(c, now), secret);
    }

    public List<ClientView> list() {
        Instant now = clock.instant();
        List<ClientView> all = new ArrayList<>();
        serviceClients.ids().forEach(id -> all.add(ClientView.configured(id)));
        OAuthClient.<OAuthClient>find("order by id").list().forEach(c -> all.add(ClientView.of(c, now)));
        return all;
    }

    public Optional<ClientView> view(String id) {
        if (serviceClients.ids().contains(id)) {
            return Optional.of(ClientView.configured(id));
        }
        return find(id).map(c -> ClientView.of(c, clock.instant()));
    }

    /**
     * A new secret; the current one keeps working for {@code overlap} (the configured default
     * when null, at most the configured maximum; zero ends it at once). Only one previous secret
     * is kept: rotating again ends the one before.
     */
    @Transactional
    public Registered rotateSecret(String id, Duration overlap, String actorDetail, ClientInfo client) {
        OAuthClient c = editable(id);
        if (!OAuthClient.AUTH_SECRET.equals(c.authMethod)) {
            throw new ProblemException(409, "client-has-no-secret", "No secret", "This client authenticates with private_key_jwt.");
        }
        Duration keep = overlap == null ? config.secretRotationOverlap() : overlap;
        if (keep.isNegative() || keep.compareTo(config.maxSecretRotationOverlap()) > 0) {
            throw ProblemException.invalid("overlap_invalid", "overlapSeconds must be between 0 and "
                    + config.maxSecretRotationOverlap().toSeconds() + ".");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String secret = newSecret();
        c.previousSecretHash = keep.isZero() ? null : c.secretHash;
        c.previousSecretExpiresAt = keep.isZero() ? null : now.plus(keep);
        c.secretHash = hash(secret);
        c.updatedAt = now;
        audit.recordInCurrentTransaction(AuditEventType.CLIENT_SECRET_ROTATED, null, client,
                actorDetail + " client " + id + " overlap " + keep.toSeconds() + "s");
        return new Registered(ClientView.of(c, now), secret);
    }

    @Transactional
    public ClientView setEnabled(String id, boolean enabled, String actorDetail, ClientInfo client) {
        OAuthClient c = editable(id);
        c.enabled = enabled;
        c.updatedAt = clock.instant();
        audit.recordInCurrentTransaction(enabled ? AuditEventType.CLIENT_ENABLED : AuditEventType.CLIENT_DISABLED, null, client,
                actorDetail + " client " + id);
        return ClientView.of(c, clock.instant());
    }

    private OAuthClient editable(String id) {
        if (serviceClients.ids().contains(id)) {
            throw new ProblemException(409, "client-read-only", "Read-only client",
                    "This client is configured by GATEHOUSE_TOKEN_SERVICE_CLIENTS; change it there.");
        }
        OAuthClient c = find(id).orElse(null);
        if (c == null) {
            throw new ProblemException(404, "client-not-found", "Not found", "No such client.");
        }
        return c;
    }

    /** A registered client's record for authentication, or empty. */
    Optional<OAuthClient> find(String id) {
        if (id == null || !CLIENT_ID.matcher(id).matches()) {
            return Optional.empty();
        }
        return Optional.ofNullable(OAuthClient.findById(id));
    }

    /** Whether {@code secret} is the client's current secret, or its previous one within the overlap; constant time. */
    boolean secretMatches(OAuthClient c, String secret) {
        byte[] given = hash(secret).getBytes(StandardCharsets.US_ASCII);
        boolean current = c.secretHash != null && MessageDigest.isEqual(c.secretHash.getBytes(StandardCharsets.US_ASCII), given);
        boolean previous = c.previousSecretHash != null && c.previousSecretExpiresAt != null
                && c.previousSecretExpiresAt.isAfter(clock.instant())
                && MessageDigest.isEqual(c.previousSecretHash.getBytes(StandardCharsets.US_ASCII), given);
        return current | previous;
    }

    Allowed allowed(OAuthClient c) {
        return new Allowed(c.id, OAuthClient.split(c.scopes), OAuthClient.split(c.audiences), c.type, idTokenAlg(c));
    }

    /** The client's ID-token algorithm; RS256 when it registered none (or a value this version does not know). */
    static SigningAlgorithm idTokenAlg(OAuthClient c) {
        return c.idTokenSignedResponseAlg == null ? SigningAlgorithm.RS256
                : SigningAlgorithm.of(c.idTokenSignedResponseAlg).orElse(SigningAlgorithm.RS256);
    }

    /**
     * {@code id_token_signed_response_alg}: absent, or exactly one of the algorithms this deployment
     * keeps keys for ({@code GATEHOUSE_KEYS_ALGORITHMS}); {@code none} and HMAC never. Only for
     * clients that get ID tokens. Stored as given (null when absent: RS256).
     */
    private String checkedIdTokenAlg(String alg, boolean user) {
        if (alg == null) {
            return null;
        }
        if (!user) {
            throw ProblemException.invalid("id_token_alg_unexpected",
                    "idTokenSignedResponseAlg is for PUBLIC and CONFIDENTIAL clients (machine clients get no ID tokens).");
        }
        String enabled = String.join(", ", algorithms.names());
        SigningAlgorithm a = SigningAlgorithm.of(alg).orElse(null);
        if (a == null) {
            throw ProblemException.invalid("id_token_alg_invalid", "idTokenSignedResponseAlg: one of " + enabled
                    + " (the algorithms this server signs with; exact spelling).");
        }
        if (!algorithms.isEnabled(a)) {
            throw ProblemException.invalid("id_token_alg_not_enabled", "idTokenSignedResponseAlg: " + a.jose()
                    + " is not enabled on this server (GATEHOUSE_KEYS_ALGORITHMS); one of " + enabled + ".");
        }
        return a.jose();
    }

    static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String newSecret() {
        return SECRET_PREFIX + randomBase62(43);
    }

    private String randomBase62(int length) {
        StringBuilder b = new StringBuilder(length);
        byte[] buf = new byte[64];
        while (b.length() < length) {
            random.nextBytes(buf);
            for (int i = 0; i < buf.length && b.length() < length; i++) {
                int v = buf[i] & 0x3F;
                if (v < 62) {
                    b.append(ALPHABET.charAt(v));
                }
            }
        }
        return b.toString();
    }

    private static boolean looksLikeUuid(String id) {
        try {
            UUID.fromString(id);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Set<String> checked(List<String> values, Pattern p, String rule, String detail) {
        if (values == null || values.size() > 64 || values.stream().anyMatch(v -> v == null || !p.matcher(v).matches())) {
            throw ProblemException.invalid(rule, detail);
        }
        return new LinkedHashSet<>(values);
    }

    /** The JWK Set, checked: 1-5 public RSA or EC keys, no private parts; stored as JSON. */
    private static String checkedJwks(java.util.Map<String, Object> jwks) {
        if (jwks == null) {
            throw ProblemException.invalid("jwks_required", "private_key_jwt needs jwks: a JWK Set of the client's public keys.");
        }
        try {
            String json = org.jose4j.json.JsonUtil.toJson(jwks);
            JsonWebKeySet set = new JsonWebKeySet(json);
            List<JsonWebKey> keys = set.getJsonWebKeys();
            if (keys.isEmpty() || keys.size() > 5) {
                throw ProblemException.invalid("jwks_invalid", "jwks must hold 1 to 5 keys.");
            }
            for (JsonWebKey k : keys) {
                if (!(k instanceof PublicJsonWebKey pk) || pk.getPrivateKey() != null
                        || !(JsonWebKey.Factory.newJwk(k.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY)) instanceof PublicJsonWebKey)) {
                    throw ProblemException.invalid("jwks_invalid", "jwks must hold public RSA or EC keys only.");
                }
            }
            return set.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
        } catch (JoseException | RuntimeException e) {
            if (e instanceof ProblemException p) {
                throw p;
            }
            throw ProblemException.invalid("jwks_invalid", "jwks is not a valid JWK Set.");
        }
    }
}
