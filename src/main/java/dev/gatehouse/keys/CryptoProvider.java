package dev.gatehouse.keys;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import org.jboss.logging.Logger;

import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Security;
import java.security.Signature;

/**
 * Installs the Amazon Corretto Crypto Provider (native AWS-LC) as the first JCA provider where it
 * loads (Linux x86_64 on a JVM), so every {@code Signature}, {@code KeyFactory} and
 * {@code KeyPairGenerator} lookup without a named provider (jose4j's, smallrye-jwt's, ours) gets its
 * native code; everywhere else (another platform, a native image, {@code
 * gatehouse.keys.native-crypto=false}) the JDK's providers stay. Signatures are standard either way:
 * a token signed under one verifies under the other ({@code CryptoProviderTest}).
 *
 * <p>Installed once per JVM, before the first key is parsed ({@link KeyManager} calls
 * {@link #install}); the outcome is logged and shown in the {@code signing-keys} readiness details.
 */
public final class CryptoProvider {

    private static final Logger LOG = Logger.getLogger(CryptoProvider.class);
    static final String ACCP_NAME = "AmazonCorrettoCryptoProvider";
    private static volatile String loadError;
    private static volatile boolean attempted;

    private CryptoProvider() {
    }

    /** Installs the native provider when {@code wanted} and it loads; idempotent. Returns whether it is installed. */
    public static synchronized boolean install(boolean wanted) {
        if (!attempted) {
            attempted = true;
            if (!wanted) {
                loadError = "disabled by gatehouse.keys.native-crypto=false";
            } else if (System.getProperty("org.graalvm.nativeimage.imagecode") != null) {
                loadError = "native image: the JDK's providers sign";
            } else {
                try {
                    AmazonCorrettoCryptoProvider.install();
                    AmazonCorrettoCryptoProvider.INSTANCE.assertHealthy();
                } catch (Throwable e) {
                    // Another platform (no native library for it), a missing jar, a failed self-test.
                    Security.removeProvider(ACCP_NAME);
                    loadError = e.getClass().getSimpleName() + ": " + e.getMessage();
                }
            }
            LOG.infof("RS256 signatures by %s%s", signer(), installed() ? " (native AWS-LC)" : " (JDK; Corretto provider not used: " + loadError + ")");
            LOG.infof("Signature providers: %s", java.util.Arrays.stream(SigningAlgorithm.values())
                    .map(a -> a.jose() + " " + signer(a)).collect(java.util.stream.Collectors.joining(", ")));
        }
        return installed();
    }

    /** Whether the native provider is installed in this JVM. */
    public static boolean installed() {
        return Security.getProvider(ACCP_NAME) != null;
    }

    /** Why the native provider is not installed, or null. */
    public static String loadError() {
        return installed() ? null : loadError;
    }

    /**
     * Who signs each algorithm now: the provider a plain {@code Signature.getInstance} of the name
     * jose4j asks for gets. JCA looks each name up on its own, so an algorithm the native provider
     * lacks falls back to the JDK's by itself (ACCP 2.5.0 signs all four; it has no EdDSA
     * {@code KeyFactory}, so Ed25519 keys are parsed by the JDK's SunEC and signed natively).
     */
    public static String signer(SigningAlgorithm alg) {
        String name = switch (alg) {
            case RS256 -> "SHA256withRSA";
            case PS256 -> "RSASSA-PSS";
            case ES256 -> "SHA256withECDSA";
            case EdDSA -> "EdDSA";
        };
        try {
            return Signature.getInstance(name).getProvider().getName();
        } catch (NoSuchAlgorithmException e) {
            return "none";
        }
    }

    /** The provider a plain {@code Signature.getInstance("SHA256withRSA")} gets: who signs RS256 now. */
    public static String signer() {
        try {
            Provider p = Signature.getInstance("SHA256withRSA").getProvider();
            return p.getName();
        } catch (NoSuchAlgorithmException e) {
            return "none";
        }
    }
}
