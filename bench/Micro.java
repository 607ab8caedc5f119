import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.nio.charset.StandardCharsets;

/**
 * Single-thread costs of the hot primitives, to print each endpoint's bound next to its rate:
 * one argon2id hash at the configured parameters, one RS256 signature, one RS256 verification.
 * Run by bench/run.sh with the packaged jar's class path.
 */
public class Micro {
    public static void main(String[] args) throws Exception {
        int m = Integer.parseInt(System.getProperty("m", "19456"));
        Argon2Function f = Argon2Function.getInstance(m, 2, 1, 32, Argon2.ID, 19);
        for (int i = 0; i < 150; i++) Password.hash("warm-up-password").addRandomSalt(16).with(f);
        int n = 100;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) Password.hash("Quiet-Harbor-7391").addRandomSalt(16).with(f);
        double hashMs = (System.nanoTime() - t0) / 1e6 / n;

        int cores = Runtime.getRuntime().availableProcessors();
        int perThread = 60;
        Thread[] threads = new Thread[cores];
        t0 = System.nanoTime();
        for (int c = 0; c < cores; c++) {
            threads[c] = new Thread(() -> {
                for (int i = 0; i < perThread; i++) Password.hash("Quiet-Harbor-7391").addRandomSalt(16).with(f);
            });
            threads[c].start();
        }
        for (Thread t : threads) t.join();
        double hashesPerSecAllCores = cores * perThread / ((System.nanoTime() - t0) / 1e9);

        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair kp = g.generateKeyPair();
        byte[] data = ("eyJraWQiOiJ4IiwidHlwIjoiYXQrand0IiwiYWxnIjoiUlMyNTYifQ." + "x".repeat(300)).getBytes(StandardCharsets.US_ASCII);
        Signature s = Signature.getInstance("SHA256withRSA");
        byte[] sig = null;
        for (int i = 0; i < 300; i++) { s.initSign(kp.getPrivate()); s.update(data); sig = s.sign(); }
        int ns = 1000;
        t0 = System.nanoTime();
        for (int i = 0; i < ns; i++) { s.initSign(kp.getPrivate()); s.update(data); sig = s.sign(); }
        double signPerSec = ns / ((System.nanoTime() - t0) / 1e9);
        Signature v = Signature.getInstance("SHA256withRSA");
        for (int i = 0; i < 3000; i++) { v.initVerify(kp.getPublic()); v.update(data); v.verify(sig); }
        int nv = 20000;
        t0 = System.nanoTime();
        for (int i = 0; i < nv; i++) { v.initVerify(kp.getPublic()); v.update(data); v.verify(sig); }
        double verifyPerSec = nv / ((System.nanoTime() - t0) / 1e9);
        System.out.printf("argon2id_hash_ms=%.1f%nargon2id_hashes_per_s_all_cores=%.1f%nrs256_sign_per_s=%.0f%nrs256_verify_per_s=%.0f%n",
                hashMs, hashesPerSecAllCores, signPerSec, verifyPerSec);
    }
}
