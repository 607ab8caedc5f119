package dev.gatehouse.verifier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A stand-in for Gatehouse on loopback: discovery, a JWKS (with a settable Cache-Control), and the
 * revocation feed with Gatehouse's cursor contract (entries after {@code since}, pages of 1000,
 * {@code next_cursor} the highest sequence sent). Signs tokens with its key.
 */
final class FakeIssuer implements AutoCloseable {

    record Entry(long seq, String kind, String subject, long notBefore, long exp) {
    }

    final HttpServer server;
    final String issuer;
    final List<org.jose4j.jwk.PublicJsonWebKey> published = new CopyOnWriteArrayList<>();
    RsaJsonWebKey signing;
    volatile String jwksCacheControl = "public, max-age=300";
    volatile int feedStatus = 200;
    volatile int jwksStatus = 200;
    final List<Entry> entries = new CopyOnWriteArrayList<>();
    final AtomicInteger jwksRequests = new AtomicInteger();
    final AtomicInteger feedRequests = new AtomicInteger();
    private long seq;

    FakeIssuer() throws IOException, JoseException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        issuer = "http://127.0.0.1:" + server.getAddress().getPort();
        signing = newKey("k1");
        published.add(signing);
        server.createContext("/.well-known/openid-configuration", ex -> reply(ex, 200, "public, max-age=300",
                "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + issuer + "/.well-known/jwks.json\"}"));
        server.createContext("/.well-known/jwks.json", ex -> {
            jwksRequests.incrementAndGet();
            String accept = ex.getRequestHeaders().getFirst("Accept");
            if (accept == null || !(accept.contains("application/jwk-set+json") || accept.contains("*/*"))) {
                reply(ex, 406, "no-store", "");   // as Gatehouse does
                return;
            }
            if (jwksStatus != 200) {
                reply(ex, jwksStatus, "no-store", "");
                return;
            }
            reply(ex, 200, jwksCacheControl, new JsonWebKeySet(new ArrayList<>(published)).toJson());
        });
        server.createContext("/auth/revocations", this::feed);
        server.start();
    }

    static RsaJsonWebKey newKey(String kid) throws JoseException {
        RsaJsonWebKey k = RsaJwkGenerator.generateJwk(2048);
        k.setKeyId(kid);
        k.setAlgorithm("RS256");
        k.setUse("sig");
        return k;
    }

    private static RsaJsonWebKey junk;

    /** One generated key under many kids (RSA generation is slow). */
    static synchronized RsaJsonWebKey newKeyCached(String kid) throws JoseException {
        if (junk == null) {
            junk = newKey("junk");
        }
        RsaJsonWebKey k = (RsaJsonWebKey) org.jose4j.jwk.PublicJsonWebKey.Factory.newPublicJwk(junk.getPublicKey());
        k.setPrivateKey(junk.getPrivateKey());
        k.setKeyId(kid);
        return k;
    }

    synchronized void revokeToken(String jti, long exp) {
        entries.add(new Entry(++seq, "token", jti, 0, exp));
    }

    synchronized void revokeAccount(String sub, long notBefore, long exp) {
        entries.add(new Entry(++seq, "account", sub, notBefore, exp));
    }

    private void feed(HttpExchange ex) throws IOException {
        feedRequests.incrementAndGet();
        if (!"Basic dmVyaWZpZXI6c2VjcmV0".equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            reply(ex, 401, "no-store", "{\"error\":\"invalid_client\"}");
            return;
        }
        if (feedStatus != 200) {
            reply(ex, feedStatus, "no-store", "");
            return;
        }
        String q = ex.getRequestURI().getQuery();
        long since = q == null ? 0 : Long.parseLong(q.substring("since=".length()));
        StringBuilder tokens = new StringBuilder();
        StringBuilder accounts = new StringBuilder();
        long next = since;
        int n = 0;
        for (Entry e : entries) {
            if (e.seq <= since) {
                continue;
            }
            if (n++ == 1000) {
                break;
            }
            next = Math.max(next, e.seq);
            if (e.kind.equals("token")) {
                tokens.append(tokens.isEmpty() ? "" : ",").append("{\"jti\":\"").append(e.subject).append("\",\"exp\":").append(e.exp).append('}');
            } else {
                accounts.append(accounts.isEmpty() ? "" : ",").append("{\"sub\":\"").append(e.subject).append("\",\"not_before\":")
                        .append(e.notBefore).append(",\"exp\":").append(e.exp).append('}');
            }
        }
        reply(ex, 200, "no-store", "{\"revoked_tokens\":[" + tokens + "],\"account_watermarks\":[" + accounts
                + "],\"next_cursor\":\"" + next + "\"}");
    }

    private static void reply(HttpExchange ex, int status, String cacheControl, String body) throws IOException {
        try (ex) {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.getResponseHeaders().set("Cache-Control", cacheControl);
            ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
            ex.getResponseBody().write(b);
        }
    }

    /** Claims of a person's access token issued now by {@code clock}. */
    JwtClaims claims(Clock clock) {
        JwtClaims c = new JwtClaims();
        long now = clock.millis() / 1000;
        c.setIssuer(issuer);
        c.setAudience("gatehouse");
        c.setSubject(UUID.randomUUID().toString());
        c.setJwtId(UUID.randomUUID().toString());
        c.setClaim("iat", now);
        c.setClaim("exp", now + 900);
        c.setStringListClaim("groups", "user");
        c.setClaim("scope", "openid profile");
        c.setClaim("sid", UUID.randomUUID().toString());
        return c;
    }

    String sign(JwtClaims claims) {
        return sign(claims, signing, h -> { });
    }

    String sign(JwtClaims claims, RsaJsonWebKey key, Consumer<JsonWebSignature> header) {
        try {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(claims.toJson());
            jws.setKey(key.getPrivateKey());
            jws.setKeyIdHeaderValue(key.getKeyId());
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
            jws.setHeader("typ", "at+jwt");
            header.accept(jws);
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signs {@code claims} under {@code alg} with any key (an EC or Ed25519 one, or an RSA key under a header it was not published for). */
    String sign(JwtClaims claims, java.security.Key key, String kid, String alg) {
        try {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(claims.toJson());
            jws.setKey(key);
            jws.setDoKeyValidation(false);
            jws.setAlgorithmConstraints(org.jose4j.jwa.AlgorithmConstraints.NO_CONSTRAINTS);
            jws.setKeyIdHeaderValue(kid);
            jws.setAlgorithmHeaderValue(alg);
            jws.setHeader("typ", "at+jwt");
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    GatehouseVerifier.Builder verifier(Clock clock) {
        return GatehouseVerifier.builder(issuer).feedClient("verifier", "secret").clock(clock).jwksExecutor(Runnable::run)
                .pollInterval(java.time.Duration.ofSeconds(1)).timeout(java.time.Duration.ofSeconds(2));
    }

    @Override
    public void close() {
        server.stop(0);
    }

    static Map<String, Object> none() {
        return Map.of();
    }
}
