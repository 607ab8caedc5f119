package dev.gatehouse.account;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

/** A person's account. Other packages read it through {@link AccountService}, never directly. */
@Entity
@Table(name = "account")
public class Account extends PanacheEntityBase {

    public static final String ROLE_USER = "user";
    public static final String ROLE_ADMIN = "admin";

    @Id
    public UUID id;

    /** Normalised (trimmed, NFKC, lower case); unique. */
    @Column(nullable = false, unique = true)
    public String email;

    @Column(name = "email_verified", nullable = false)
    public boolean emailVerified;

    @Column(name = "display_name")
    public String displayName;

    /** PHC string (argon2id) or a legacy bcrypt hash; null for accounts without a password. */
    @Column(name = "password_hash")
    public String passwordHash;

    /** Comma-separated role names. */
    @Column(nullable = false)
    public String roles;

    @Column(nullable = false)
    public boolean active;

    /** The reader's language (a supported BCP 47 tag) for mails sent later; null for the default. */
    @Column(name = "locale")
    public String locale;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Version
    public long version;

    public Set<String> roleSet() {
        return roleSet(roles);
    }

    /** The roles of a stored {@code account.roles} value (comma-separated), in order; for readers of the row outside the ORM. */
    public static Set<String> roleSet(String stored) {
        Set<String> set = new LinkedHashSet<>();
        Arrays.stream(stored.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(set::add);
        return set;
    }

    static Account findByEmail(String normalisedEmail) {
        return find("email", normalisedEmail).firstResult();
    }
}
