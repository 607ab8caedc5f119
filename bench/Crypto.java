import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import de.mkammerer.argon2.Argon2Advanced;
import de.mkammerer.argon2.Argon2Factory;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;

/**
 * Per-core costs of the primitives behind each endpoint (issue 14), printed as key=value lines:
 * sign and verify per second on one thread for RS256, PS256, ES256 and EdDSA under the Corretto
 * provider (native AWS-LC) and the JDK's, as raw signatures and as whole JWS through jose4j, then the
 * same as a Markdown table ({@code -Dargon2=false} stops there); argon2id (19 MiB, t=2, p=1 unless -Dm=...) hash time on
 * one thread and the all-core rate, libargon2 (argon2-jvm) and password4j. Each figure is a timed
 * loop of about {@code -Dmillis} (default 1000) after a warm-up. Run by bench/perf.sh with the
 * packaged jar's class path:  java -cp 'target/quarkus-app/lib/main/*' bench/Crypto.java
 */
public class Crypto {

    static final long MILLIS = Long.getLong("millis", 1000);
    static final byte[] DATA = ("eyJraWQiOiJ4IiwidHlwIjoiYXQrand0IiwiYWxnIjoiUlMyNTYifQ." + "x".repeat(300)).getBytes(StandardCharsets.US_ASCII);

    interface Op { void run() throws Exception; }

    static double rate(Op op) throws Exception {
        long warm = System.nanoTime() + MILLIS * 1_000_000 / 3;
        while (System.nanoTime() < warm) op.run();
        long n = 0, t0 = System.nanoTime(), end = t0 + MILLIS * 1_000_000;
        long now;
        do { op.run(); n++; now = System.nanoTime(); } while (now < end);
        return n / ((now - t0) / 1e9);
    }

    /** One algorithm: JWS name, key algorithm, JCA signature name, the JDK provider that has it. */
    record Alg(String jose, String keyAlg, String sigAlg, String jdkProvider) { }

    static final Alg[] ALGS = {
            new Alg("RS256", "RSA", "SHA256withRSA", "SunRsaSign"),
            new Alg("PS256", "RSA", "RSASSA-PSS", "SunRsaSign"),
            new Alg("ES256", "EC", "SHA256withECDSA", "SunEC"),
            new Alg("EdDSA", "Ed25519", "Ed25519", "SunEC")};

    /**
     * A key as the service holds it: generated, encoded (X.509 / PKCS#8, as stored) and parsed by
     * {@code p}'s KeyFactory where it has one, else by the JDK's (ACCP 2.5.0 has none for Ed25519: the
     * service's Ed25519 keys are SunEC objects that the native Signature takes).
     */
    static KeyPair asStored(Alg a, Provider p) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance(a.keyAlg(), a.jdkProvider());
        if (a.keyAlg().equals("EC")) g.initialize(new ECGenParameterSpec("secp256r1"));
        else if (a.keyAlg().equals("RSA")) g.initialize(2048);
        KeyPair kp = g.generateKeyPair();
        java.security.KeyFactory f;
        try { f = java.security.KeyFactory.getInstance(a.keyAlg(), p); }
        catch (java.security.NoSuchAlgorithmException e) { f = java.security.KeyFactory.getInstance(a.keyAlg(), a.jdkProvider()); }
        return new KeyPair(f.generatePublic(new java.security.spec.X509EncodedKeySpec(kp.getPublic().getEncoded())),
                f.generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(kp.getPrivate().getEncoded())));
    }

    static org.jose4j.jca.ProviderContext context(String provider) {
        org.jose4j.jca.ProviderContext c = new org.jose4j.jca.ProviderContext();
        c.getSuppliedKeyProviderContext().setSignatureProvider(provider);
        c.getGeneralProviderContext().setSignatureProvider(provider);
        return c;
    }

    public static void main(String[] args) throws Exception {
        Provider accp = AmazonCorrettoCryptoProvider.INSTANCE;
        String accpState = accp.getClass().getName();
        try { AmazonCorrettoCryptoProvider.INSTANCE.assertHealthy(); } catch (Throwable e) { accp = null; accpState = e.toString(); }
        // Registered last (named lookups only): the JDK column really is the JDK's.
        if (accp != null) java.security.Security.addProvider(accp);
        System.out.println("cores=" + Runtime.getRuntime().availableProcessors());
        System.out.println("java=" + System.getProperty("java.version"));
        System.out.println("accp=" + (accp != null ? "loaded" : "unavailable: " + accpState));
        String claims = "{\"iss\":\"https://auth.example.com\",\"sub\":\"" + java.util.UUID.randomUUID() + "\",\"aud\":\"gatehouse\","
                + "\"exp\":1900000000,\"iat\":1800000000,\"jti\":\"q3lH0bQ2xQ9mJ6kTn1d7Zw\",\"scope\":\"openid profile\","
                + "\"groups\":[\"user\"],\"amr\":[\"pwd\"],\"sid\":\"" + java.util.UUID.randomUUID() + "\"}";
        StringBuilder table = new StringBuilder();
        table.append("| alg | provider | sign/s | verify/s | JWS sign/s | JWS verify/s | token bytes |\n");
        table.append("|---|---|---:|---:|---:|---:|---:|\n");
        for (Alg a : ALGS) {
            for (String who : new String[] {"accp", "jdk"}) {
                Provider p = who.equals("accp") ? accp : java.security.Security.getProvider(a.jdkProvider());
                String key = a.jose().toLowerCase() + "_" + who;
                if (p == null) { System.out.println(key + "_sign_per_s=n/a"); continue; }
                try {
                    KeyPair kp = asStored(a, p);
                    Signature s = Signature.getInstance(a.sigAlg(), p);
                    Signature v = Signature.getInstance(a.sigAlg(), p);
                    if (a.jose().equals("PS256")) {
                        PSSParameterSpec pss = new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1);
                        s.setParameter(pss);
                        v.setParameter(pss);
                    }
                    byte[][] sig = new byte[1][];
                    double sign = rate(() -> { s.initSign(kp.getPrivate()); s.update(DATA); sig[0] = s.sign(); });
                    double verify = rate(() -> { v.initVerify(kp.getPublic()); v.update(DATA); if (!v.verify(sig[0])) throw new IllegalStateException(); });
                    // The same through jose4j (what smallrye-jwt-build and the Java verifiers run): header, base64url, JSON, and for
                    // ES256 the DER <-> R||S conversion; verify parses the compact form each time, as a verifier meeting a new token does.
                    org.jose4j.jca.ProviderContext ctx = context(p.getName());
                    String[] jwt = new String[1];
                    double jwsSign = rate(() -> {
                        org.jose4j.jws.JsonWebSignature jws = new org.jose4j.jws.JsonWebSignature();
                        jws.setPayload(claims);
                        jws.setAlgorithmHeaderValue(a.jose());
                        jws.setKeyIdHeaderValue("bench-key-id-0123456789abcdefghijklmnopq");
                        jws.setHeader("typ", "at+jwt");
                        jws.setKey(kp.getPrivate());
                        jws.setProviderContext(ctx);
                        jwt[0] = jws.getCompactSerialization();
                    });
                    double jwsVerify = rate(() -> {
                        org.jose4j.jws.JsonWebSignature jws = new org.jose4j.jws.JsonWebSignature();
                        jws.setCompactSerialization(jwt[0]);
                        jws.setKey(kp.getPublic());
                        jws.setProviderContext(ctx);
                        if (!jws.verifySignature()) throw new IllegalStateException();
                    });
                    System.out.printf("%s_sign_per_s=%.0f%n%s_verify_per_s=%.0f%n%s_jws_sign_per_s=%.0f%n%s_jws_verify_per_s=%.0f%n%s_token_bytes=%d%n",
                            key, sign, key, verify, key, jwsSign, key, jwsVerify, key, jwt[0].length());
                    table.append(String.format("| %s | %s | %,.0f | %,.0f | %,.0f | %,.0f | %d |%n", a.jose(),
                            who.equals("accp") ? "Corretto (AWS-LC)" : "JDK " + p.getName(), sign, verify, jwsSign, jwsVerify, jwt[0].length()));
                } catch (Exception e) {
                    System.out.println(key + "_sign_per_s=n/a (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
                    table.append("| " + a.jose() + " | " + who + " | n/a (" + e.getClass().getSimpleName() + ") | | | | |\n");
                }
            }
        }
        System.out.println("# signatures per core (one thread), keys held as the service holds them; JWS = through jose4j, a ~400-byte access token");
        System.out.print(table);
        if (!Boolean.parseBoolean(System.getProperty("argon2", "true"))) {
            return;
        }
        int m = Integer.parseInt(System.getProperty("m", "19456"));
        Argon2Advanced nat = Argon2Factory.createAdvanced(Argon2Factory.Argon2Types.ARGON2id, 16, 32);
        Argon2Function j = Argon2Function.getInstance(m, 2, 1, 32, Argon2.ID, 19);
        byte[] pw = "Quiet-Harbor-7391".getBytes(StandardCharsets.UTF_8);
        Op nativeHash = () -> nat.hash(2, m, 1, pw);
        Op javaHash = () -> Password.hash("Quiet-Harbor-7391").addRandomSalt(16).with(j);
        for (Object[] e : new Object[][] {{"native", nativeHash}, {"java", javaHash}}) {
            Op op = (Op) e[1];
            double one = rate(op);
            int cores = Runtime.getRuntime().availableProcessors();
            double[] counts = new double[cores];
            Thread[] threads = new Thread[cores];
            for (int c = 0; c < cores; c++) {
                int k = c;
                threads[c] = new Thread(() -> { try { counts[k] = rate(op); } catch (Exception ex) { throw new RuntimeException(ex); } });
                threads[c].start();
            }
            double all = 0;
            for (int c = 0; c < cores; c++) { threads[c].join(); all += counts[c]; }
            System.out.printf("argon2id_%s_hash_ms=%.1f%nargon2id_%s_hashes_per_s_all_cores=%.1f%n", e[0], 1000 / one, e[0], all);
        }
    }
}
