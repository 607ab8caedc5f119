package dev.gatehouse.verifier;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.lang.JoseException;

import java.io.IOException;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Verifies Gatehouse access tokens offline and honours revocations within one poll interval.
 *
 * <pre>{@code
 * GatehouseVerifier verifier = GatehouseVerifier.builder("https://auth.example.com")
 *         .feedClient(clientId, clientSecret).build().start();
 * VerifiedToken token = verifier.verify(bearer);   // or TokenRejectedException: 401 (INVALID, REVOKED) / 503 (UNAVAILABLE)
 * }</pre>
 *
 * <p>What it accepts: a compact JWS whose {@code alg} is one of the configured algorithms (by default
 * the four Gatehouse signs with: RS256, PS256, ES256, EdDSA) and exactly the {@code alg} the issuer
 * publishes for the key (a key without {@code alg} only for an algorithm its type fits: RSA for
 * RS/PS, EC P-256 for ES256, OKP Ed25519 for EdDSA; so no token is checked under an algorithm its key
 * was not made for), {@code typ: at+jwt}, a {@code kid} the issuer publishes (JWKS found by discovery, cached
 * for its {@code Cache-Control: max-age}, refetched on an unknown {@code kid} at most once per
 * {@code unknownKidRefetchInterval}), no {@code jku}/{@code x5u}/{@code jwk}/{@code x5c}/{@code crit}
 * header, exactly the configured {@code iss} and an {@code aud} containing the configured audience,
 * {@code exp}, {@code iat}, {@code sub} and {@code jti} present, times within the clock skew; and
 * neither its {@code jti} revoked nor its {@code iat} before its {@code sub}'s watermark. Tokens of
 * machine clients (client credentials: {@code sub} = client id, {@code client_id}, no {@code sid})
 * verify the same way.
 *
 * <p>The feed is read before the first answer (until then every token is refused as
 * {@link TokenRejectedException.Reason#UNAVAILABLE}; {@link #awaitSynced} waits for it), then every
 * {@code pollInterval} with ±10 % jitter; after failures with exponential backoff (full jitter) up
 * to {@code maxBackoff}. While it cannot be read the {@link FeedFailurePolicy} decides.
 */
public final class GatehouseVerifier implements AutoCloseable {

    /** The algorithms Gatehouse signs with (GATEHOUSE_KEYS_ALGORITHMS chooses among them). */
    public static final List<String> DEFAULT_ALGORITHMS = List.of("RS256", "PS256", "ES256", "EdDSA");
    private static final Set<String> FORBIDDEN_HEADERS = Set.of("jku", "x5u", "jwk", "x5c", "crit");
    private static final int MAX_TOKEN = 8192;
    private static final System.Logger LOG = System.getLogger(GatehouseVerifier.class.getName());

    private final String issuer;
    private final String audience;
    private final Set<String> algorithms;
    private final int skewSeconds;
    private final Duration pollInterval;
    private final Duration maxBackoff;
    private final JwksCache jwks;
    private final RevocationFeed feed;
    private final Clock clock;
    private final FeedFailurePolicy policy;
    private final boolean systemClock;
    private final java.util.Map<ConsumerKey, JwtConsumer> consumers = new java.util.concurrent.ConcurrentHashMap<>();
    private final CountDownLatch synced = new CountDownLatch(1);
    private volatile ScheduledExecutorService scheduler;

    private GatehouseVerifier(Builder b) {
        this.issuer = b.issuer;
        this.audience = b.audience;
        this.algorithms = Set.copyOf(b.algorithms);
        this.skewSeconds = (int) b.clockSkew.toSeconds();
        this.pollInterval = b.pollInterval;
        this.maxBackoff = b.maxBackoff;
        this.clock = b.clock;
        this.policy = b.policy;
        this.systemClock = b.clock.equals(Clock.systemUTC());
        Http http = new Http(b.timeout);
        this.jwks = new JwksCache(b.issuer, http, b.clock, b.defaultJwksMaxAge, b.unknownKidRefetchInterval, b.jwksExecutor);
        this.feed = new RevocationFeed(b.issuer, b.clientId, b.clientSecret, http, b.clock, b.clockSkew, b.pollInterval,
                b.timeout, b.policy);
    }

    /** {@code issuer}: Gatehouse's public URL, exactly as its tokens' {@code iss} and its discovery document say it. */
    public static Builder builder(String issuer) {
        return new Builder(issuer);
    }

    /** Starts polling the feed in a daemon thread (the first read at once). Returns this. */
    public synchronized GatehouseVerifier start() {
        if (scheduler == null) {
            scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "gatehouse-revocation-feed");
                t.setDaemon(true);
                return t;
            });
            // The keys first (a failure is retried by the first token), then the feed.
            scheduler.execute(() -> {
                try {
                    jwks.load();
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "gatehouse keys: {0}", e.getMessage());
                }
                pollAndReschedule();
            });
        }
        return this;
    }

    /** Waits until the feed has been read once; false on timeout. Serve traffic after it (tokens are refused before). */
    public boolean awaitSynced(Duration timeout) throws InterruptedException {
        return synced.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Reads the feed once now, on the calling thread (what the scheduler does each interval). For
     * callers that drive polling themselves (tests, or a framework's own scheduler instead of {@link #start}).
     */
    public void pollNow() throws IOException {
        feed.poll();
        synced.countDown();
    }

    private void pollAndReschedule() {
        long delay;
        int failedBefore = feed.consecutiveFailures();
        try {
            pollNow();
            if (failedBefore > 0) {
                LOG.log(System.Logger.Level.INFO, "gatehouse revocation feed: read again after {0} failed polls", failedBefore);
            }
            long jitter = pollInterval.toMillis() / 10;
            delay = pollInterval.toMillis() + (jitter > 0 ? ThreadLocalRandom.current().nextLong(-jitter, jitter + 1) : 0);
        } catch (IOException | RuntimeException e) {
            if (failedBefore == 0) {
                // Once per outage (the JDK's platform logging: no dependency); stats() counts the rest.
                LOG.log(System.Logger.Level.WARNING, "gatehouse revocation feed: {0}; retrying with backoff ({1})",
                        e.getMessage(), policy);
            }
            int n = Math.min(feed.consecutiveFailures(), 20);
            long cap = Math.min(maxBackoff.toMillis(), pollInterval.toMillis() << n);
            // Full jitter, never sooner than a tenth of the interval.
            delay = Math.max(pollInterval.toMillis() / 10, ThreadLocalRandom.current().nextLong(cap / 2, cap + 1));
        }
        ScheduledExecutorService s = scheduler;
        if (s != null && !s.isShutdown()) {
            s.schedule(this::pollAndReschedule, Math.max(1, delay), TimeUnit.MILLISECONDS);
        }
    }

    /** The token's claims, or why it is refused. Never calls Gatehouse except to refetch keys (rate-limited). */
    public VerifiedToken verify(String token) throws TokenRejectedException {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN) {
            throw invalid("missing or oversized token");
        }
        if (token.chars().filter(c -> c == '.').count() != 2 || token.endsWith(".")) {
            throw invalid("not a signed compact JWT");
        }
        JsonWebSignature jws;
        String alg;
        String kid;
        try {
            jws = (JsonWebSignature) JsonWebSignature.fromCompactSerialization(token);
            alg = jws.getAlgorithmHeaderValue();
            kid = jws.getKeyIdHeaderValue();
            for (String h : FORBIDDEN_HEADERS) {
                if (jws.getHeaders().getObjectHeaderValue(h) != null) {
                    throw invalid("header " + h + " is not accepted");
                }
            }
            String typ = jws.getHeader("typ");
            if (typ == null || !(typ.equalsIgnoreCase("at+jwt") || typ.equalsIgnoreCase("application/at+jwt"))) {
                throw invalid("typ is not at+jwt");
            }
        } catch (JoseException | ClassCastException e) {
            throw invalid("not a signed compact JWT");
        }
        if (alg == null || !algorithms.contains(alg)) {
            throw invalid("alg is not accepted");
        }
        if (kid == null) {
            throw invalid("no kid");
        }
        PublicJsonWebKey key = jwks.key(kid);
        if (key == null) {
            throw invalid("unknown kid");
        }
        if (!fits(alg, key.getPublicKey())) {
            throw invalid("key does not fit alg");
        }
        // The key's published alg decides; the header may only repeat it.
        if (key.getAlgorithm() != null && !key.getAlgorithm().equals(alg)) {
            throw invalid("key is for another alg");
        }
        JwtClaims claims;
        try {
            claims = consumer(key, alg).processToClaims(token);
        } catch (InvalidJwtException e) {
            // jose4j's messages quote the token: only the error codes leave this method.
            throw invalid("does not verify (jose4j " + e.getErrorDetails().stream().map(d -> Integer.toString(d.getErrorCode()))
                    .collect(java.util.stream.Collectors.joining(",")) + ")");
        }
        String unusable = feed.unusableReason();
        if (unusable != null) {
            throw new TokenRejectedException(TokenRejectedException.Reason.UNAVAILABLE, unusable);
        }
        try {
            if (feed.isRevoked(claims.getJwtId(), claims.getSubject(), claims.getIssuedAt().getValue())) {
                throw new TokenRejectedException(TokenRejectedException.Reason.REVOKED, "revoked");
            }
        } catch (MalformedClaimException e) {
            throw invalid("a claim has the wrong type");
        }
        return new VerifiedToken(claims);
    }

    /** Whether {@code alg} is one the key's type can verify: RSA for RS and PS, EC on P-256 for ES256, Ed25519 for EdDSA. */
    static boolean fits(String alg, java.security.PublicKey key) {
        if (alg.startsWith("RS") || alg.startsWith("PS")) {
            return key instanceof RSAPublicKey;
        }
        if (alg.equals("ES256")) {
            return key instanceof java.security.interfaces.ECPublicKey ec && ec.getParams().getCurve().getField().getFieldSize() == 256;
        }
        if (alg.startsWith("ES")) {
            return key instanceof java.security.interfaces.ECPublicKey;
        }
        if (alg.equals("EdDSA")) {
            return key instanceof java.security.interfaces.EdECPublicKey ed && "Ed25519".equalsIgnoreCase(ed.getParams().getName());
        }
        return false;
    }

    private record ConsumerKey(PublicJsonWebKey key, String alg) {
    }

    private JwtConsumer consumer(PublicJsonWebKey key, String alg) {
        if (!systemClock) {
            return buildConsumer(key, alg, NumericDate.fromMilliseconds(clock.millis()));
        }
        // On the system clock one consumer per key (and alg) serves every request (building one is a good part of the cost).
        ConsumerKey id = new ConsumerKey(key, alg);
        JwtConsumer c = consumers.get(id);
        if (c == null) {
            if (consumers.size() > 64) {
                consumers.clear();
            }
            c = buildConsumer(key, alg, null);
            consumers.put(id, c);
        }
        return c;
    }

    private JwtConsumer buildConsumer(PublicJsonWebKey key, String alg, NumericDate evaluationTime) {
        JwtConsumerBuilder b = new JwtConsumerBuilder()
                .setVerificationKey(key.getPublicKey())
                // Exactly the one algorithm checked above (the key's), not the whole configured list.
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, alg)
                .setExpectedIssuer(true, issuer)
                .setExpectedAudience(true, audience)
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .setRequireSubject()
                .setRequireJwtId()
                .setAllowedClockSkewInSeconds(skewSeconds)
                .setIssuedAtRestrictions(skewSeconds, 24 * 3600);
        if (evaluationTime != null) {
            b.setEvaluationTime(evaluationTime);
        }
        return b.build();
    }

    /** The feed's state, for metrics (lag, sizes, failures) and readiness checks. */
    public FeedStats stats() {
        return feed.stats();
    }

    /** How many times the JWKS (or discovery) was fetched: a metric, and what the tests count. */
    public long jwksFetches() {
        return jwks.fetches();
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    private static TokenRejectedException invalid(String message) {
        return new TokenRejectedException(TokenRejectedException.Reason.INVALID, message);
    }

    /** Settings; only the issuer and the feed's client are required. */
    public static final class Builder {
        private final String issuer;
        private String audience = "gatehouse";
        private String clientId;
        private String clientSecret;
        private List<String> algorithms = DEFAULT_ALGORITHMS;
        private Duration clockSkew = Duration.ofSeconds(30);
        private Duration pollInterval = Duration.ofSeconds(5);
        private Duration maxBackoff = Duration.ofMinutes(1);
        private Duration timeout = Duration.ofSeconds(5);
        private Duration defaultJwksMaxAge = Duration.ofMinutes(5);
        private Duration unknownKidRefetchInterval = Duration.ofSeconds(30);
        private FeedFailurePolicy policy = FeedFailurePolicy.failClosed();
        private Clock clock = Clock.systemUTC();
        private java.util.concurrent.Executor jwksExecutor = task -> {
            Thread t = new Thread(task, "gatehouse-jwks-refresh");
            t.setDaemon(true);
            t.start();
        };

        private Builder(String issuer) {
            this.issuer = Objects.requireNonNull(issuer, "issuer");
        }

        /** The {@code aud} this service accepts (default {@code gatehouse}, Gatehouse's default audience). */
        public Builder audience(String audience) {
            this.audience = Objects.requireNonNull(audience);
            return this;
        }

        /** The service client that reads the feed ({@code GATEHOUSE_TOKEN_SERVICE_CLIENTS} at Gatehouse). */
        public Builder feedClient(String id, String secret) {
            this.clientId = Objects.requireNonNull(id);
            this.clientSecret = Objects.requireNonNull(secret);
            return this;
        }

        /**
         * Accepted {@code alg} values (default RS256, PS256, ES256 and EdDSA: what Gatehouse signs with;
         * each token still only under its key's own published {@code alg}); {@code none} and HMAC are
         * never accepted.
         */
        public Builder algorithms(String... algorithms) {
            for (String a : algorithms) {
                if (a.equalsIgnoreCase("none") || a.toUpperCase(java.util.Locale.ROOT).startsWith("HS")) {
                    throw new IllegalArgumentException(a + " cannot verify tokens signed by a public key");
                }
            }
            this.algorithms = List.of(algorithms);
            return this;
        }

        /** Tolerance for {@code exp}/{@code iat} (default 30 s, at most 60 s). */
        public Builder clockSkew(Duration skew) {
            if (skew.isNegative() || skew.compareTo(Duration.ofSeconds(60)) > 0) {
                throw new IllegalArgumentException("clock skew must be between 0 and 60 s");
            }
            this.clockSkew = skew;
            return this;
        }

        /** How often the feed is read (default 5 s): a logout is honoured within about this long. */
        public Builder pollInterval(Duration interval) {
            if (interval.toMillis() < 10) {
                throw new IllegalArgumentException("poll interval must be at least 10 ms");
            }
            this.pollInterval = interval;
            return this;
        }

        /** Longest wait between polls after failures (default 1 min). */
        public Builder maxBackoff(Duration maxBackoff) {
            this.maxBackoff = maxBackoff;
            return this;
        }

        /** Connect and read timeout of every call to Gatehouse (default 5 s). */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** JWKS lifetime when the response has no {@code Cache-Control: max-age} (default 5 min). */
        public Builder defaultJwksMaxAge(Duration maxAge) {
            this.defaultJwksMaxAge = maxAge;
            return this;
        }

        /** Least time between two JWKS fetches caused by unknown {@code kid}s (default 30 s). */
        public Builder unknownKidRefetchInterval(Duration interval) {
            this.unknownKidRefetchInterval = interval;
            return this;
        }

        /** While the feed cannot be read (default {@link FeedFailurePolicy#failClosed()}). */
        public Builder onFeedFailure(FeedFailurePolicy policy) {
            this.policy = Objects.requireNonNull(policy);
            return this;
        }

        /** The clock for token times, entry expiry and staleness (tests move it). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        /** Runs background JWKS refetches (default: a short-lived daemon thread; tests pass {@code Runnable::run}). */
        Builder jwksExecutor(java.util.concurrent.Executor executor) {
            this.jwksExecutor = Objects.requireNonNull(executor);
            return this;
        }

        public GatehouseVerifier build() {
            if (clientId == null) {
                throw new IllegalStateException("feedClient(id, secret) is required: without the feed revoked tokens would pass");
            }
            return new GatehouseVerifier(this);
        }
    }
}
