package dev.gatehouse.passkey;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.webauthn4j.converter.AttestationObjectConverter;
import com.webauthn4j.converter.AuthenticatorDataConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.data.attestation.AttestationObject;
import com.webauthn4j.data.attestation.authenticator.AAGUID;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.attestation.authenticator.EC2COSEKey;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.attestation.statement.NoneAttestationStatement;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A WebAuthn authenticator emulated in the test, for the rules a browser cannot be made to break
 * (a cloned key with a lower counter, a wrong RP id or origin, no user verification, a replay):
 * one ES256 key, a credential id, a signature counter, "none" attestation. It answers the options
 * the server sent with the JSON a browser's {@code PublicKeyCredential.toJSON()} would send.
 * Encoding by webauthn4j's own converters; signing by the JDK.
 */
public final class SoftAuthenticator {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private static final ObjectConverter CONVERTER = new ObjectConverter();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KeyPair key;
    private final byte[] credentialId = new byte[32];
    private byte[] userHandle;
    public long counter;
    public boolean userVerified = true;
    public boolean backupEligible;
    public String origin;
    public String rpId;

    public SoftAuthenticator(String origin, String rpId) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            this.key = g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        new SecureRandom().nextBytes(credentialId);
        this.origin = origin;
        this.rpId = rpId;
    }

    /** A copy holding the same key and id (a cloned authenticator), with its own counter. */
    public SoftAuthenticator cloneKey() {
        SoftAuthenticator c = new SoftAuthenticator(this);
        return c;
    }

    private SoftAuthenticator(SoftAuthenticator original) {
        this.key = original.key;
        System.arraycopy(original.credentialId, 0, this.credentialId, 0, credentialId.length);
        this.userHandle = original.userHandle;
        this.counter = original.counter;
        this.origin = original.origin;
        this.rpId = original.rpId;
        this.backupEligible = original.backupEligible;
    }

    public String credentialId() {
        return B64.encodeToString(credentialId);
    }

    /** How {@link #create(Map, Attestation)} attests the new credential. */
    public enum Attestation {
        /** fmt none, as browsers send by default. */
        NONE,
        /** fmt packed, signed by the credential's own key (self attestation). */
        SELF,
        /** fmt packed, signed by an attestation key whose certificate is in x5c (a maker's attestation). */
        CERTIFIED,
        /** As CERTIFIED, but the signature is over other bytes. */
        BAD_SIGNATURE
    }

    /** The answer to {@code navigator.credentials.create} for {@code publicKey} (the server's options). */
    public String create(Map<String, Object> publicKey) {
        return create(publicKey, Attestation.NONE);
    }

    /** As {@link #create(Map)}, with the given attestation. */
    public String create(Map<String, Object> publicKey, Attestation kind) {
        return create(publicKey, kind, EC2COSEKey.create((ECPublicKey) key.getPublic(), COSEAlgorithmIdentifier.ES256));
    }

    /** As {@link #create(Map)}, but the credential's key is an RSA key with {@code modulusBits} (not one this authenticator can sign with). */
    public String createWithRsaKey(Map<String, Object> publicKey, int modulusBits) {
        try {
            java.math.BigInteger n = new java.math.BigInteger(modulusBits, new SecureRandom()).setBit(modulusBits - 1).setBit(0);
            java.security.interfaces.RSAPublicKey rsa = (java.security.interfaces.RSAPublicKey) java.security.KeyFactory.getInstance("RSA")
                    .generatePublic(new java.security.spec.RSAPublicKeySpec(n, java.math.BigInteger.valueOf(65537)));
            return create(publicKey, Attestation.NONE, com.webauthn4j.data.attestation.authenticator.RSACOSEKey.create(rsa, COSEAlgorithmIdentifier.RS256));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private String create(Map<String, Object> publicKey, Attestation kind, com.webauthn4j.data.attestation.authenticator.COSEKey coseKey) {
        String challenge = (String) publicKey.get("challenge");
        userHandle = B64D.decode((String) ((Map<String, Object>) publicKey.get("user")).get("id"));
        byte[] clientData = clientData("webauthn.create", challenge);
        AttestedCredentialData acd = new AttestedCredentialData(AAGUID.ZERO, credentialId, coseKey);
        AuthenticatorData<com.webauthn4j.data.extension.authenticator.RegistrationExtensionAuthenticatorOutput> authData =
                new AuthenticatorData<>(sha256(rpId.getBytes(StandardCharsets.UTF_8)), (byte) (flags() | AuthenticatorData.BIT_AT), counter, acd);
        byte[] attestation = new AttestationObjectConverter(CONVERTER).convertToBytes(
                new AttestationObject(authData, statement(kind, new AuthenticatorDataConverter(CONVERTER).convert(authData), sha256(clientData))));
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("clientDataJSON", B64.encodeToString(clientData));
        response.put("attestationObject", B64.encodeToString(attestation));
        response.put("transports", java.util.List.of("internal"));
        return credential(response);
    }

    /** The answer to {@code navigator.credentials.get} for {@code publicKey}; the counter rises by one first. */
    public String get(Map<String, Object> publicKey) {
        counter++;
        return getWithCounter(publicKey, counter);
    }

    /** An assertion with the given counter (a clone's). */
    public String getWithCounter(Map<String, Object> publicKey, long signCount) {
        String challenge = (String) publicKey.get("challenge");
        byte[] clientData = clientData("webauthn.get", challenge);
        byte[] authData = new AuthenticatorDataConverter(CONVERTER).convert(
                new AuthenticatorData<>(sha256(rpId.getBytes(StandardCharsets.UTF_8)), flags(), signCount));
        byte[] signed = new byte[authData.length + 32];
        System.arraycopy(authData, 0, signed, 0, authData.length);
        System.arraycopy(sha256(clientData), 0, signed, authData.length, 32);
        byte[] signature;
        try {
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initSign(key.getPrivate());
            s.update(signed);
            signature = s.sign();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("clientDataJSON", B64.encodeToString(clientData));
        response.put("authenticatorData", B64.encodeToString(authData));
        response.put("signature", B64.encodeToString(signature));
        if (userHandle != null) {
            response.put("userHandle", B64.encodeToString(userHandle));
        }
        return credential(response);
    }

    private com.webauthn4j.data.attestation.statement.AttestationStatement statement(Attestation kind, byte[] authData, byte[] clientDataHash) {
        if (kind == Attestation.NONE) {
            return new NoneAttestationStatement();
        }
        byte[] signed = new byte[authData.length + clientDataHash.length];
        System.arraycopy(authData, 0, signed, 0, authData.length);
        System.arraycopy(clientDataHash, 0, signed, authData.length, clientDataHash.length);
        try {
            if (kind == Attestation.SELF) {
                return new com.webauthn4j.data.attestation.statement.PackedAttestationStatement(COSEAlgorithmIdentifier.ES256,
                        sign(key.getPrivate(), signed), null);
            }
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair attestationKey = g.generateKeyPair();
            java.security.cert.X509Certificate cert = attestationCertificate(attestationKey);
            byte[] what = kind == Attestation.BAD_SIGNATURE ? sha256(signed) : signed;
            return new com.webauthn4j.data.attestation.statement.PackedAttestationStatement(COSEAlgorithmIdentifier.ES256,
                    sign(attestationKey.getPrivate(), what), new com.webauthn4j.data.attestation.statement.AttestationCertificatePath(java.util.List.of(cert)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A packed attestation certificate as WebAuthn section 8.2.1 wants it (OU "Authenticator Attestation", not a CA). */
    private static java.security.cert.X509Certificate attestationCertificate(KeyPair k) throws Exception {
        org.bouncycastle.asn1.x500.X500Name name = new org.bouncycastle.asn1.x500.X500Name(
                "C=DE, O=Gatehouse Tests, OU=Authenticator Attestation, CN=Soft Authenticator");
        java.time.Instant now = java.time.Instant.now();
        org.bouncycastle.cert.X509v3CertificateBuilder b = new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(name,
                java.math.BigInteger.valueOf(now.toEpochMilli()), java.util.Date.from(now.minusSeconds(3600)),
                java.util.Date.from(now.plusSeconds(86400)), name, k.getPublic());
        b.addExtension(org.bouncycastle.asn1.x509.Extension.basicConstraints, true, new org.bouncycastle.asn1.x509.BasicConstraints(false));
        org.bouncycastle.operator.ContentSigner signer = new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withECDSA").build(k.getPrivate());
        return new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().getCertificate(b.build(signer));
    }

    private static byte[] sign(java.security.PrivateKey k, byte[] data) throws java.security.GeneralSecurityException {
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(k);
        s.update(data);
        return s.sign();
    }

    private byte flags() {
        byte f = AuthenticatorData.BIT_UP;
        if (userVerified) {
            f |= AuthenticatorData.BIT_UV;
        }
        if (backupEligible) {
            f |= AuthenticatorData.BIT_BE | AuthenticatorData.BIT_BS;
        }
        return f;
    }

    private byte[] clientData(String type, String challenge) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("type", type);
        c.put("challenge", challenge);
        c.put("origin", origin);
        c.put("crossOrigin", false);
        try {
            return JSON.writeValueAsBytes(c);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String credential(Map<String, Object> response) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("id", credentialId());
        c.put("rawId", credentialId());
        c.put("type", "public-key");
        c.put("response", response);
        c.put("clientExtensionResults", Map.of());
        c.put("authenticatorAttachment", "platform");
        try {
            return JSON.writeValueAsString(c);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
