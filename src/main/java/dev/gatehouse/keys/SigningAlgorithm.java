package dev.gatehouse.keys;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.lang.JoseException;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JWS algorithms Gatehouse can sign with (issue 14): one key, one algorithm. A key is generated
 * for exactly one of them, published with that {@code alg}, and verifies only tokens whose header
 * names that same algorithm. RS256 is the default and always kept (OpenID Connect Discovery requires
 * it for ID tokens); PS256 gets an RSA key of its own, never the RS256 one.
 */
public enum SigningAlgorithm {

    /** RSASSA-PKCS1-v1_5 with SHA-256, RSA key ({@code kty: RSA}). */
    RS256("RS256", AlgorithmIdentifiers.RSA_USING_SHA256, SignatureAlgorithm.RS256, "RSA", "RSA"),
    /** RSASSA-PSS with SHA-256 and MGF1 (SHA-256), its own RSA key ({@code kty: RSA}). */
    PS256("PS256", AlgorithmIdentifiers.RSA_PSS_USING_SHA256, SignatureAlgorithm.PS256, "RSA", "RSA"),
    /** ECDSA on P-256 with SHA-256 ({@code kty: EC, crv: P-256}). */
    ES256("ES256", AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256, SignatureAlgorithm.ES256, "EC", "EC"),
    /** EdDSA on Ed25519 ({@code kty: OKP, crv: Ed25519}). */
    EdDSA("EdDSA", AlgorithmIdentifiers.EDDSA, SignatureAlgorithm.EDDSA, "OKP", "Ed25519");

    private final String jose;
    private final String jose4j;
    private final SignatureAlgorithm smallrye;
    private final String kty;
    private final String jcaKeyAlgorithm;

    SigningAlgorithm(String jose, String jose4j, SignatureAlgorithm smallrye, String kty, String jcaKeyAlgorithm) {
        this.jose = jose;
        this.jose4j = jose4j;
        this.smallrye = smallrye;
        this.kty = kty;
        this.jcaKeyAlgorithm = jcaKeyAlgorithm;
    }

    /** The {@code alg} value (RFC 7518 / RFC 8037), exactly as it appears in a JWS header and the JWKS. */
    public String jose() {
        return jose;
    }

    /** jose4j's name of it (for algorithm constraints). */
    public String jose4j() {
        return jose4j;
    }

    /** smallrye-jwt-build's name of it (for signing). */
    public SignatureAlgorithm smallrye() {
        return smallrye;
    }

    /** The JWK {@code kty} of its keys. */
    public String kty() {
        return kty;
    }

    /** Every value's {@code alg} name, in declaration order: {@code RS256, PS256, ES256, EdDSA}. */
    public static List<String> names() {
        return Arrays.stream(values()).map(SigningAlgorithm::jose).toList();
    }

    /** The algorithm with this exact (case-sensitive) {@code alg} name, or empty. */
    public static Optional<SigningAlgorithm> of(String alg) {
        // A switch, not a stream: this runs on every full token check (on the event loop).
        if (alg == null) {
            return Optional.empty();
        }
        return switch (alg) {
            case "RS256" -> Optional.of(RS256);
            case "PS256" -> Optional.of(PS256);
            case "ES256" -> Optional.of(ES256);
            case "EdDSA" -> Optional.of(EdDSA);
            default -> Optional.empty();
        };
    }

    /** The algorithm named {@code alg}; throws for anything else. */
    public static SigningAlgorithm require(String alg) {
        return of(alg).orElseThrow(() -> new IllegalArgumentException("unknown signing algorithm " + alg));
    }

    /** A new key pair for this algorithm (RSA of {@code rsaBits}, P-256, or Ed25519), from the first provider that has it. */
    public KeyPair generate(int rsaBits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(jcaKeyAlgorithm);
            switch (this) {
                case RS256, PS256 -> g.initialize(rsaBits);
                case ES256 -> g.initialize(new ECGenParameterSpec("secp256r1"));
                default -> {
                }
            }
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a " + jose + " key", e);
        }
    }

    /** The public key from its X.509 SubjectPublicKeyInfo. */
    public PublicKey publicKey(byte[] x509) {
        try {
            return KeyFactory.getInstance(jcaKeyAlgorithm).generatePublic(new X509EncodedKeySpec(x509));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("stored " + jose + " public key is unreadable", e);
        }
    }

    /** The private key from its PKCS#8 encoding. */
    public PrivateKey privateKey(byte[] pkcs8) {
        try {
            return KeyFactory.getInstance(jcaKeyAlgorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("stored " + jose + " private key is unreadable", e);
        }
    }

    /** The public JWK of {@code key}: {@code kty} (and {@code crv}), {@code kid}, {@code use: sig}, this {@code alg}. */
    public Map<String, Object> jwk(PublicKey key, String kid) {
        PublicJsonWebKey jwk = jsonWebKey(key);
        jwk.setKeyId(kid);
        jwk.setUse("sig");
        jwk.setAlgorithm(jose);
        return jwk.toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }

    /** RFC 7638 JWK thumbprint (SHA-256): a stable key id, different for every key. */
    public String thumbprint(PublicKey key) {
        return jsonWebKey(key).calculateBase64urlEncodedThumbprint("SHA-256");
    }

    /** Whether {@code key} is of the type this algorithm signs with. */
    public boolean fits(PublicKey key) {
        return switch (this) {
            case RS256, PS256 -> key instanceof java.security.interfaces.RSAPublicKey;
            case ES256 -> key instanceof java.security.interfaces.ECPublicKey ec && ec.getParams().getCurve().getField().getFieldSize() == 256;
            case EdDSA -> key instanceof java.security.interfaces.EdECPublicKey ed && "Ed25519".equals(ed.getParams().getName());
        };
    }

    private PublicJsonWebKey jsonWebKey(PublicKey key) {
        try {
            return PublicJsonWebKey.Factory.newPublicJwk(key);
        } catch (JoseException e) {
            throw new IllegalStateException("cannot express a " + jose + " key as a JWK", e);
        }
    }
}
