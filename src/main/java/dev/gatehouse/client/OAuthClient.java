package dev.gatehouse.client;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/** A registered OAuth client (table {@code clients}); read and written by {@link ClientService} only. */
@Entity
@Table(name = "clients")
public class OAuthClient extends PanacheEntityBase {

    public static final String TYPE_MACHINE = "MACHINE";
    /** A browser or native app without a secret: PKCE only (authorization code). */
    public static final String TYPE_PUBLIC = "PUBLIC";
    /** A server-side web app: authorization code with a secret or private_key_jwt (and PKCE). */
    public static final String TYPE_CONFIDENTIAL = "CONFIDENTIAL";
    /** Token endpoint authentication of a public client: its client_id only. */
    public static final String AUTH_NONE = "none";
    public static final String AUTH_SECRET = "client_secret";
    public static final String AUTH_PRIVATE_KEY_JWT = "private_key_jwt";

    @Id
    public String id;

    @Column(nullable = false)
    public String type;

    @Column(nullable = false)
    public String name;

    @Column(name = "auth_method", nullable = false)
    public String authMethod;

    @Column(name = "secret_hash")
    public String secretHash;

    @Column(name = "previous_secret_hash")
    public String previousSecretHash;

    @Column(name = "previous_secret_expires_at")
    public Instant previousSecretExpiresAt;

    public String jwks;

    /** Space-separated. */
    @Column(nullable = false)
    public String scopes;

    /** Space-separated. */
    @Column(nullable = false)
    public String audiences;

    @Column(name = "redirect_uris")
    public String redirectUris;

    /** Space-separated, compared exactly ({@code post_logout_redirect_uri}). */
    @Column(name = "post_logout_redirect_uris")
    public String postLogoutRedirectUris;

    /** No consent screen for a first-party client. */
    @Column(name = "first_party", nullable = false)
    public boolean firstParty;

    @Column(name = "backchannel_logout_uri")
    public String backchannelLogoutUri;

    /** The JWS algorithm of this client's ID and logout tokens ({@code id_token_signed_response_alg}); null = RS256. */
    @Column(name = "id_token_signed_response_alg")
    public String idTokenSignedResponseAlg;

    @Column(nullable = false)
    public boolean enabled;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    static Set<String> split(String s) {
        Set<String> set = new LinkedHashSet<>();
        if (s != null) {
            Arrays.stream(s.split(" ")).filter(v -> !v.isEmpty()).forEach(set::add);
        }
        return set;
    }
}
