package dev.gatehouse.token;

import dev.gatehouse.common.DependencyUnavailableException;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * {@link RefreshTokenStore} in plain JDBC on the application's datasource, outside the ORM and
 * JTA: on PostgreSQL a refresh is one statement (data-modifying CTEs: read the token with its family
 * and account, touch the family, claim the token, insert the successor) plus the sealed pair's
 * update and the commit; on H2 (the embedded default, which has no data-modifying CTEs) the same
 * steps are four statements of one transaction. Both take the family's row lock before the token's,
 * as the ORM code did.
 */
@ApplicationScoped
public class JdbcRefreshTokenStore implements RefreshTokenStore {

    private static final Logger LOG = Logger.getLogger(JdbcRefreshTokenStore.class);

    /** The token, its family and the account's active flag and roles (the refresh's rules need them): one read. */
    private static final String FIND = "SELECT t.token_hash, t.family_id, t.generation, t.used_at, f.account_id, f.kind, f.scope, f.amr,"
            + " f.created_at, f.last_used_at, f.absolute_expires_at, f.revoked_at, f.client_id, a.active, a.roles"
            + " FROM refresh_token t JOIN refresh_family f ON f.id = t.family_id LEFT JOIN account a ON a.id = f.account_id"
            + " WHERE t.token_hash = ?";
    private static final String TOUCH_FAMILY = "UPDATE refresh_family SET last_used_at = ? WHERE id = ? AND revoked_at IS NULL"
            + " AND absolute_expires_at > ? AND last_used_at > ?";
    private static final String CLAIM = "UPDATE refresh_token SET used_at = ? WHERE token_hash = ? AND used_at IS NULL";
    private static final String INSERT = "INSERT INTO refresh_token (token_hash, family_id, generation, created_at, access_jti,"
            + " access_expires_at) VALUES (?, ?, ?, ?, ?, ?)";
    /**
     * PostgreSQL, the whole refresh in one statement: the lookup (tok, and the final SELECT's joins,
     * all read as of the statement's start) and the rotation on the family the token names: fam
     * touches the family only while it is live ({@link #TOUCH_FAMILY}), claimed marks the token used
     * only while unused and only after fam matched ({@link #CLAIM}), ins writes the successor
     * ({@link #INSERT}). Data-modifying CTEs always run to completion; claimed reads fam first, so the
     * family's row lock is still taken before the token's.
     */
    private static final String REFRESH_CTE = "WITH tok AS (SELECT token_hash, family_id, generation, used_at FROM refresh_token"
            + " WHERE token_hash = ?),"
            + " fam AS (UPDATE refresh_family SET last_used_at = ? WHERE id = (SELECT family_id FROM tok) AND revoked_at IS NULL"
            + " AND absolute_expires_at > ? AND last_used_at > ? RETURNING id),"
            + " claimed AS (UPDATE refresh_token SET used_at = ? WHERE token_hash = ? AND used_at IS NULL"
            + " AND EXISTS (SELECT 1 FROM fam) RETURNING family_id, generation),"
            + " ins AS (INSERT INTO refresh_token (token_hash, family_id, generation, created_at, access_jti, access_expires_at)"
            + " SELECT ?, family_id, generation + 1, ?, ?, ? FROM claimed RETURNING 1)"
            + " SELECT tok.token_hash, tok.family_id, tok.generation, tok.used_at, f.account_id, f.kind, f.scope, f.amr,"
            + " f.created_at, f.last_used_at, f.absolute_expires_at, f.revoked_at, f.client_id, a.active, a.roles,"
            + " (SELECT count(*) FROM fam), (SELECT count(*) FROM ins)"
            + " FROM tok JOIN refresh_family f ON f.id = tok.family_id LEFT JOIN account a ON a.id = f.account_id";
    private static final String SEAL = "UPDATE refresh_token SET successor_sealed = ? WHERE token_hash = ?";

    private final AgroalDataSource dataSource;
    private volatile Boolean postgres;

    public JdbcRefreshTokenStore(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Optional<Found> find(String tokenHash) {
        try (Connection c = dataSource.getConnection()) {
            return Optional.ofNullable(find(c, tokenHash));
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /** {@link #FIND} on {@code c}: the token with its family and account, or null when unknown. */
    private static Found find(Connection c, String tokenHash) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(FIND)) {
            s.setString(1, tokenHash);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? found(r) : null;
            }
        }
    }

    @Override
    public Optional<Attempt> refresh(String tokenHash, Instant now, Instant idleCutoff, Next next, Function<Attempt, String> decide) {
        if (io.quarkus.narayana.jta.QuarkusTransaction.isActive()) {
            throw new IllegalStateException("RefreshTokenStore.refresh commits its own transaction: call it outside one");
        }
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            boolean rolledBack = true;
            try {
                Attempt attempt = isPostgres(c) ? refreshCte(c, tokenHash, now, idleCutoff, next)
                        : refreshSteps(c, tokenHash, now, idleCutoff, next);
                if (attempt == null) {
                    c.rollback();
                    return Optional.empty();
                }
                String sealed = decide.apply(attempt);
                if (sealed != null && attempt.rotation() == Rotation.WON) {
                    sealAndCommit(c, sealed, tokenHash);
                } else {
                    c.rollback();
                }
                return Optional.of(attempt);
            } catch (SQLException | RuntimeException e) {
                rolledBack = rollbackQuietly(c, e);
                throw e;
            } finally {
                // Never after a failed rollback: switching autocommit on commits an open transaction.
                // And a failure here must not turn a committed rotation into an error (the client would
                // retry with the token it just used up), so it is only logged.
                if (rolledBack) {
                    try {
                        c.setAutoCommit(autoCommit);
                    } catch (SQLException e) {
                        LOG.debugf("could not restore autocommit on a refresh connection: %s", e.getMessage());
                    }
                }
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /** The winner's sealed pair on its presented token (for the duplicate path), then the commit. */
    private static void sealAndCommit(Connection c, String sealed, String tokenHash) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(SEAL)) {
            s.setString(1, sealed);
            s.setString(2, tokenHash);
            s.executeUpdate();
        }
        c.commit();
    }

    private static Attempt refreshCte(Connection c, String tokenHash, Instant now, Instant idleCutoff, Next next) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(REFRESH_CTE)) {
            int i = 1;
            s.setString(i++, tokenHash);
            s.setObject(i++, ts(now));
            s.setObject(i++, ts(now));
            s.setObject(i++, ts(idleCutoff));
            s.setObject(i++, ts(now));
            s.setString(i++, tokenHash);
            s.setString(i++, next.tokenHash());
            s.setObject(i++, ts(now));
            s.setString(i++, next.accessJti());
            s.setObject(i, ts(next.accessExpiresAt()));
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return null;
                }
                Rotation rotation = r.getLong(16) != 1 ? Rotation.FAMILY_ENDED : r.getLong(17) == 1 ? Rotation.WON : Rotation.LOST;
                return new Attempt(found(r), rotation);
            }
        }
    }

    /**
     * H2 (no data-modifying CTEs): the steps of {@link #REFRESH_CTE} as statements of the caller's
     * transaction: the lookup, then the family touched only while live (its row lock first), the
     * token claimed only while unused, the successor inserted.
     */
    private static Attempt refreshSteps(Connection c, String tokenHash, Instant now, Instant idleCutoff, Next next)
            throws SQLException {
        Found f = find(c, tokenHash);
        if (f == null) {
            return null;
        }
        try (PreparedStatement s = c.prepareStatement(TOUCH_FAMILY)) {
            s.setObject(1, ts(now));
            s.setObject(2, f.familyId());
            s.setObject(3, ts(now));
            s.setObject(4, ts(idleCutoff));
            if (s.executeUpdate() != 1) {
                return new Attempt(f, Rotation.FAMILY_ENDED);
            }
        }
        try (PreparedStatement s = c.prepareStatement(CLAIM)) {
            s.setObject(1, ts(now));
            s.setString(2, tokenHash);
            if (s.executeUpdate() != 1) {
                return new Attempt(f, Rotation.LOST);
            }
        }
        try (PreparedStatement s = c.prepareStatement(INSERT)) {
            s.setString(1, next.tokenHash());
            s.setObject(2, f.familyId());
            s.setInt(3, f.generation() + 1);
            s.setObject(4, ts(now));
            s.setString(5, next.accessJti());
            s.setObject(6, ts(next.accessExpiresAt()));
            s.executeUpdate();
        }
        return new Attempt(f, Rotation.WON);
    }

    /** A {@link Found} from the columns of {@link #FIND}, in its order. */
    private static Found found(ResultSet r) throws SQLException {
        boolean active = r.getBoolean(14);
        Boolean accountActive = r.wasNull() ? null : active;
        return new Found(r.getString(1), r.getObject(2, UUID.class), r.getInt(3), instant(r, 4), r.getObject(5, UUID.class),
                r.getString(6), r.getString(7), r.getString(8), instant(r, 9), instant(r, 10), instant(r, 11), instant(r, 12),
                r.getString(13), accountActive, r.getString(15));
    }

    private boolean isPostgres(Connection c) throws SQLException {
        Boolean p = postgres;
        if (p == null) {
            p = c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres");
            postgres = p;
        }
        return p;
    }

    /** True when the rollback went through; a failure rides on {@code primary} as a suppressed exception. */
    private static boolean rollbackQuietly(Connection c, Exception primary) {
        try {
            c.rollback();
            return true;
        } catch (SQLException e) {
            primary.addSuppressed(e);
            return false;
        }
    }

    private static OffsetDateTime ts(Instant i) {
        return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet r, int column) throws SQLException {
        OffsetDateTime t = r.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static RuntimeException unavailable(SQLException e) {
        return new DependencyUnavailableException("refresh-token store unavailable", e);
    }
}
