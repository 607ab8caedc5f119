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
 * provider (native AWS-LC) and the JDK's; argon2id (19 MiB, t=2, p=1 unless -Dm=...) hash time on
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

    public static void main(String[] args) throws Exception {
        Provider accp = AmazonCorrettoCryptoProvider.INSTANCE;
        String accpState = accp.getClass().getName();
        try { AmazonCorrettoCryptoProvider.INSTANCE.assertHealthy(); } catch (Throwable e) { accp = null; accpState = e.toString(); }
        System.out.println("cores=" + Runtime.getRuntime().availableProcessors());
        System.out.println("java=" + System.getProperty("java.version"));
        System.out.println("accp=" + (accp != null ? "loaded" : "unavailable: " + accpState));
        String[][] algs = {
                {"RS256", "RSA", "SHA256withRSA", "SunRsaSign"},
                {"PS256", "RSA", "RSASSA-PSS", "SunRsaSign"},
                {"ES256", "EC", "SHA256withECDSA", "SunEC"},
                {"EdDSA", "Ed25519", "Ed25519", "SunEC"}};
        for (String[] a : algs) {
            for (String who : new String[] {"accp", "jdk"}) {
                Provider p = who.equals("accp") ? accp : java.security.Security.getProvider(a[3]);
                String key = a[0].toLowerCase() + "_" + who;
                if (p == null) { System.out.println(key + "_sign_per_s=n/a"); continue; }
                try {
                    KeyPairGenerator g = KeyPairGenerator.getInstance(a[1], p);
                    if (a[1].equals("EC")) g.initialize(new ECGenParameterSpec("secp256r1"));
                    else if (!a[1].equals("Ed25519")) g.initialize(2048);
                    KeyPair kp = g.generateKeyPair();
                    Signature s = Signature.getInstance(a[2], p);
                    Signature v = Signature.getInstance(a[2], p);
                    if (a[0].equals("PS256")) {
                        PSSParameterSpec pss = new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1);
                        s.setParameter(pss);
                        v.setParameter(pss);
                    }
                    byte[][] sig = new byte[1][];
                    double sign = rate(() -> { s.initSign(kp.getPrivate()); s.update(DATA); sig[0] = s.sign(); });
                    double verify = rate(() -> { v.initVerify(kp.getPublic()); v.update(DATA); if (!v.verify(sig[0])) throw new IllegalStateException(); });
                    System.out.printf("%s_sign_per_s=%.0f%n%s_verify_per_s=%.0f%n", key, sign, key, verify);
                } catch (Exception e) {
                    System.out.println(key + "_sign_per_s=n/a (" + e.getClass().getSimpleName() + ")");
                }
            }
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
