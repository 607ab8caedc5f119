package dev.gatehouse.mfa;

import dev.gatehouse.common.AesGcm;
import dev.gatehouse.common.GatehouseConfig;
import jakarta.enterprise.context.ApplicationScoped;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.UUID;

/**
 * What keeps second factors secret at rest: TOTP secrets sealed with AES-256-GCM, and backup codes
 * and {@code mfa_token}s reduced to hashes. Both keys are derived from
 * {@code GATEHOUSE_KEY_ENCRYPTION_SECRET} (as the signing keys are), each for its one purpose.
 */
@ApplicationScoped
public class MfaSecrets {

    /** Backup-code alphabet: lower case and digits without 0, 1, l and o, so a code read aloud or retyped is unambiguous. */
    static final String BACKUP_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";
    /** Characters of a backup code (32 symbols: 50 random bits), shown as two groups of five. */
    static final int BACKUP_LENGTH = 10;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec sealingKey;
    private final byte[] backupKey;

    public MfaSecrets(GatehouseConfig config) {
        this.sealingKey = AesGcm.deriveKey(config.keyEncryptionSecret(), "gatehouse mfa totp-secret encryption v1");
        this.backupKey = AesGcm.deriveKey(config.keyEncryptionSecret(), "gatehouse mfa backup-code hmac v1").getEncoded();
    }

    /** A new TOTP secret: 160 random bits (RFC 4226's recommended length). */
    static byte[] newTotpSecret() {
        byte[] secret = new byte[20];
        RANDOM.nextBytes(secret);
        return secret;
    }

    String seal(byte[] secret, UUID accountId) {
        return AesGcm.seal(sealingKey, secret, aad(accountId));
    }

    /** The secret; {@link IllegalStateException} when it cannot be opened (wrong key, or moved to another account). */
    byte[] open(String sealed, UUID accountId) {
        try {
            return AesGcm.open(sealingKey, sealed, aad(accountId));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TOTP secret cannot be opened (GATEHOUSE_KEY_ENCRYPTION_SECRET changed?)");
        }
    }

    /** A new backup code as shown to the person: {@code abcde-fghij}. */
    static String newBackupCode() {
        StringBuilder b = new StringBuilder(BACKUP_LENGTH + 1);
        for (int i = 0; i < BACKUP_LENGTH; i++) {
            if (i == BACKUP_LENGTH / 2) {
                b.append('-');
            }
            b.append(BACKUP_ALPHABET.charAt(RANDOM.nextInt(BACKUP_ALPHABET.length())));
        }
        return b.toString();
    }

    /**
     * The stored form of a backup code of {@code accountId}: HMAC-SHA-256 over the account and the
     * code as typed, without spaces or hyphens and in lower case; null when it cannot be a code.
     */
    String backupCodeHash(UUID accountId, String typed) {
        if (typed == null || typed.length() > 64) {
            return null;
        }
        StringBuilder code = new StringBuilder(BACKUP_LENGTH);
        for (int i = 0; i < typed.length(); i++) {
            char c = typed.charAt(i);
            if (c == '-' || c == ' ') {
                continue;
            }
            c = Character.toLowerCase(c);
            if (BACKUP_ALPHABET.indexOf(c) < 0) {
                return null;
            }
            code.append(c);
        }
        if (code.length() != BACKUP_LENGTH) {
            return null;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(backupKey, "HmacSHA256"));
            mac.update(aad(accountId));
            mac.update((byte) ':');
            return HexFormat.of().formatHex(mac.doFinal(code.toString().getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new {@code mfa_token}: 256 random bits, URL-safe. */
    static String newChallengeToken() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return "mfa_" + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** SHA-256, hex: how challenge tokens and credential fingerprints are stored. */
    static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] aad(UUID accountId) {
        return accountId.toString().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
    }
}
