package dev.gatehouse.verifier;

import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;

import java.io.IOException;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The issuer's signing keys: {@code jwks_uri} from discovery, kept for the JWKS response's
 * {@code Cache-Control: max-age} (revalidated with its ETag), refetched on an unknown {@code kid}
 * no more often than {@code unknownKidInterval}. A failed refetch keeps the keys it has.
 */
final class JwksCache {

    private static final Pattern MAX_AGE = Pattern.compile("(?:^|[,\\s])max-age\\s*=\\s*\"?(\\d+)");
    static final Duration MAX_CACHE = Duration.ofHours(24);
    static final long MIN_REFETCH_MILLIS = 1000;

    private final String issuer;
    private final Http http;
    private final Clock clock;
    private final Duration defaultMaxAge;
    private final Duration unknownKidInterval;

    private volatile String jwksUri;
    private volatile Map<String, PublicJsonWebKey> keys = Map.of();
    private volatile boolean loaded;
    private String etag;
    private volatile long freshUntil;
    private volatile long lastFetch = Long.MIN_VALUE / 2;
    private volatile long fetches;
    private int failedFetches;

    private final java.util.concurrent.atomic.AtomicBoolean refreshing = new java.util.concurrent.atomic.AtomicBoolean();
    private final java.util.concurrent.Executor background;

    JwksCache(String issuer, Http http, Clock clock, Duration defaultMaxAge, Duration unknownKidInterval,
              java.util.concurrent.Executor background) {
        this.background = background;
        this.issuer = issuer;
        this.http = http;
        this.clock = clock;
        this.defaultMaxAge = defaultMaxAge;
        this.unknownKidInterval = unknownKidInterval;
    }

    /**
     * The key for {@code kid}, or null when the issuer does not publish it (as far as is known now).
     * Requests never wait on the issuer once a key set was loaded: a known key past max-age is served
     * while the set is refetched in the background, and an unknown kid starts a background refetch (at
     * most once per unknownKidInterval unless the set is past max-age, so junk kids cannot flood the
     * issuer) and is refused meanwhile. Gatehouse publishes a key an hour before it signs, so a
     * verifier following max-age knows it in time. Only before any key set was loaded does the caller
     * wait for the fetch. (A JAX-RS filter may run on an event-loop thread, as in Quarkus.)
     */
    PublicJsonWebKey key(String kid) {
        long now = clock.millis();
        PublicJsonWebKey k = keys.get(kid);
        long sinceLast = now - lastFetch;
        boolean stale = now >= freshUntil && sinceLast >= MIN_REFETCH_MILLIS;
        if (k != null) {
            if (stale) {
                refreshInBackground();
            }
            return k;
        }
        if (!loaded) {
            synchronized (this) {
                if (!loaded && clock.millis() >= freshUntil) {   // freshUntil carries the retry backoff
                    refresh(clock.millis());
                }
            }
            return keys.get(kid);
        }
        if (stale || sinceLast >= unknownKidInterval.toMillis()) {
            refreshInBackground();
        }
        return keys.get(kid);
    }

    private void refreshInBackground() {
        if (!refreshing.compareAndSet(false, true)) {
            return;
        }
        background.execute(() -> {
            try {
                synchronized (this) {
                    refresh(clock.millis());
                }
            } finally {
                refreshing.set(false);
            }
        });
    }

    /** Fetches now (start-up); throws when the issuer cannot be read. */
    synchronized void load() throws IOException {
        long now = clock.millis();
        if (!refresh(now)) {
            throw new IOException("could not read the issuer's keys");
        }
    }

    long fetches() {
        return fetches;
    }

    private boolean refresh(long now) {
        lastFetch = now;
        fetches++;
        // Until an attempt succeeds: known keys are served, and the next try comes 1 s, 2 s, 4 s … later,
        // at most unknownKidInterval (a verifier started before its issuer gets keys within a second or two).
        freshUntil = now + Math.min(unknownKidInterval.toMillis(), MIN_REFETCH_MILLIS << Math.min(failedFetches, 16));
        failedFetches++;
        try {
            if (jwksUri == null) {
                jwksUri = discover();
            }
            Map<String, String> headers = new HashMap<>(Map.of("Accept", "application/jwk-set+json, application/json"));
            if (etag != null && !keys.isEmpty()) {
                headers.put("If-None-Match", etag);
            }
            Http.Response r = http.get(jwksUri, headers);
            if (r.status() == 304) {
                freshUntil = now + maxAge(r).toMillis();
                failedFetches = 0;
                return true;
            }
            if (r.status() != 200) {
                return false;
            }
            Map<String, PublicJsonWebKey> next = new HashMap<>();
            for (JsonWebKey jwk : new JsonWebKeySet(r.body()).getJsonWebKeys()) {
                if (jwk instanceof PublicJsonWebKey pk && jwk.getKeyId() != null
                        && (jwk.getUse() == null || "sig".equals(jwk.getUse()))) {
                    PublicKey pub = pk.getPublicKey();
                    if (pub != null) {
                        // Only the public part is kept, whatever the document held.
                        next.put(jwk.getKeyId(), PublicJsonWebKey.Factory.newPublicJwk(pub));
                        next.get(jwk.getKeyId()).setAlgorithm(jwk.getAlgorithm());
                        next.get(jwk.getKeyId()).setKeyId(jwk.getKeyId());
                    }
                }
            }
            keys = Map.copyOf(next);
            loaded = true;
            etag = r.header("ETag").orElse(null);
            freshUntil = now + maxAge(r).toMillis();
            failedFetches = 0;
            return true;
        } catch (IOException | JoseException | RuntimeException e) {
            return false;
        }
    }

    private String discover() throws IOException {
        String base = issuer.replaceAll("/+$", "");
        Http.Response r = http.get(base + "/.well-known/openid-configuration", Map.of());
        if (r.status() != 200) {
            throw new IOException("discovery answered " + r.status());
        }
        Map<String, Object> doc;
        try {
            doc = org.jose4j.json.JsonUtil.parseJson(r.body());
        } catch (JoseException e) {
            throw new IOException("discovery is not JSON");
        }
        if (!issuer.equals(doc.get("issuer"))) {
            throw new IOException("discovery names another issuer");
        }
        Object uri = doc.get("jwks_uri");
        if (!(uri instanceof String s) || !(s.startsWith("https://") || s.startsWith("http://"))) {
            throw new IOException("discovery has no jwks_uri");
        }
        return s;
    }

    private Duration maxAge(Http.Response r) {
        String cc = r.header("Cache-Control").orElse("").toLowerCase(Locale.ROOT);
        if (cc.contains("no-store") || cc.contains("no-cache")) {
            return Duration.ZERO;
        }
        Matcher m = MAX_AGE.matcher(cc);
        if (m.find()) {
            try {
                Duration d = Duration.ofSeconds(Long.parseLong(m.group(1)));
                return d.compareTo(MAX_CACHE) > 0 ? MAX_CACHE : d;
            } catch (NumberFormatException e) {
                return MAX_CACHE;
            }
        }
        return defaultMaxAge;
    }
}
