package dev.gatehouse.mfa;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** One backup code, stored as its keyed hash. */
@Entity
@Table(name = "mfa_backup_code")
@IdClass(BackupCode.Key.class)
public class BackupCode extends PanacheEntityBase {

    @Id
    @Column(name = "account_id")
    public UUID accountId;

    @Id
    @Column(name = "code_hash", length = 64)
    public String codeHash;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "used_at")
    public Instant usedAt;

    /** The composite key. */
    public static class Key implements Serializable {
        public UUID accountId;
        public String codeHash;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(accountId, k.accountId) && Objects.equals(codeHash, k.codeHash);
        }

        @Override
        public int hashCode() {
            return Objects.hash(accountId, codeHash);
        }
    }
}
