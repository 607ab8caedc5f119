package dev.gatehouse;

import dev.gatehouse.common.GatehouseConfig;
import dev.gatehouse.keys.KeyEncryption;
import dev.gatehouse.keys.KeyManager;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Test set-up that the API cannot do, written straight to the test database over JDBC, so it
 * works the same in a {@code @QuarkusTest} and against the packaged jar ({@code *IT}), where no
 * bean can be injected. Only set-up and reading: what a test proves still goes through the API.
 */
public final class TestDatabase {

    /** The %test database, or the one a run points the service at with {@code -Dquarkus.datasource.jdbc.url}. */
    public static final String URL = System.getProperty("quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:5432/test");
    public static final String USER = "postgres";

    private TestDatabase() {
    }

    public static Connection connect() throws SQLException {
        return DriverManager.getConnection(URL, USER, System.getenv().getOrDefault("PGPASSWORD", ""));
    }

    /** The single number {@code sql} answers (a count, say). */
    public static long queryLong(String sql, Object... params) {
        List<String> rows = queryStrings(sql, params);
        if (rows.size() != 1) {
            throw new IllegalStateException(sql + " answered " + rows.size() + " rows");
        }
        return Long.parseLong(rows.get(0));
    }

    /** The first column of every row {@code sql} answers, as text. */
    public static List<String> queryStrings(String sql, Object... params) {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            List<String> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(r.getString(1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Replaces an account's roles in its row (no token is ended: do it before the account logs
     * in). The way a test gets its first admin: the bootstrap admin exists only on an empty database.
     */
    public static void storeRoles(String accountId, String... roles) {
        try (Connection c = connect();
             PreparedStatement s = c.prepareStatement("UPDATE account SET roles = ? WHERE id = ?")) {
            s.setString(1, String.join(",", roles));
            s.setObject(2, UUID.fromString(accountId));
            if (s.executeUpdate() != 1) {
                throw new IllegalStateException("no account " + accountId);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * One statement of set-up, e.g. a change "made elsewhere" (another instance, an operator) that
     * the service must notice; throws unless it changed exactly one row.
     */
    public static void update(String sql, Object... params) {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            if (s.executeUpdate() != 1) {
                throw new IllegalStateException(sql + " changed no single row");
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The signing key {@code kid} with its private part, decrypted as Gatehouse does (the %test
     * {@code GATEHOUSE_KEY_ENCRYPTION_SECRET}), so a test can sign tokens that only the claims
     * or headers it changes tell apart from Gatehouse's own.
     */
    public static KeyManager.LoadedKey signingKey(String kid) {
        try (Connection c = connect();
             PreparedStatement s = c.prepareStatement(
                     "SELECT public_key, private_key_enc, activate_at, retire_at, algorithm FROM signing_key WHERE kid = ?")) {
            s.setString(1, kid);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    throw new IllegalStateException("no signing key " + kid);
                }
                dev.gatehouse.keys.SigningAlgorithm alg = dev.gatehouse.keys.SigningAlgorithm.require(r.getString(5));
                java.security.PublicKey pub = alg.publicKey(Base64.getDecoder().decode(r.getString(1)));
                byte[] pkcs8 = new KeyEncryption(keyEncryptionSecret(GatehouseProcess.SECRET))
                        .decrypt(r.getString(2), kid);
                Timestamp retire = r.getTimestamp(4);
                return new KeyManager.LoadedKey(kid, alg, pub, alg.privateKey(pkcs8),
                        r.getTimestamp(3).toInstant(), retire == null ? null : retire.toInstant());
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A config that answers only the key-encryption secret: all {@link KeyEncryption} reads. */
    private static GatehouseConfig keyEncryptionSecret(String secret) {
        return (GatehouseConfig) java.lang.reflect.Proxy.newProxyInstance(GatehouseConfig.class.getClassLoader(),
                new Class<?>[] {GatehouseConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("keyEncryptionSecret")) {
                        return secret;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
