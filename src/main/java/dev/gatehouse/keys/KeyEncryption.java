package dev.gatehouse.keys;

import dev.gatehouse.common.AesGcm;
import dev.gatehouse.common.GatehouseConfig;
import jakarta.enterprise.context.ApplicationScoped;

import javax.crypto.AEADBadTagException;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

/**
 * Encrypts private signing keys at rest with AES-256-GCM under a key derived from
 * {@code GATEHOUSE_KEY_ENCRYPTION_SECRET}; the key id is bound in as associated data.
 */
@ApplicationScoped
public class KeyEncryption {

    /** Shortest secret accepted; startup fails below it. */
    public static final int MIN_SECRET_LENGTH = 32;
    private static final String VERSION = "v1:";

    private final SecretKeySpec key;

    public KeyEncryption(GatehouseConfig config) {
        String secret = config.keyEncryptionSecret();
        if (secret == null || secret.length() < MIN_SECRET_LENGTH) {
            throw new IllegalStateException("GATEHOUSE_KEY_ENCRYPTION_SECRET must have at least "
                    + MIN_SECRET_LENGTH + " characters");
        }
        this.key = AesGcm.deriveKey(secret, "gatehouse signing-key encryption v1");
    }

    public String encrypt(byte[] plain, String kid) {
        return VERSION + AesGcm.seal(key, plain, kid.getBytes(StandardCharsets.UTF_8));
    }

    /** Fails when the secret is not the one the key was sealed with, or the text was altered. */
    public byte[] decrypt(String sealed, String kid) {
        if (sealed == null || !sealed.startsWith(VERSION)) {
            throw new IllegalStateException("unknown key encryption format for key " + kid);
        }
        try {
            return AesGcm.open(key, sealed.substring(VERSION.length()), kid.getBytes(StandardCharsets.UTF_8));
        } catch (AEADBadTagException e) {
            throw new IllegalStateException("signing key " + kid + " does not decrypt: wrong GATEHOUSE_KEY_ENCRYPTION_SECRET?");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot decrypt signing key " + kid, e);
        }
    }
}
