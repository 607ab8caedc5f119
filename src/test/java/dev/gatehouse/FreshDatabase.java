package dev.gatehouse;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * An empty PostgreSQL database of its own on the test server (127.0.0.1:5432, user postgres), for a
 * packaged-jar test that must see what a start writes, or must not share a schema; dropped on close.
 */
public final class FreshDatabase implements AutoCloseable {

    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    private final String name;

    private FreshDatabase(String name) {
        this.name = name;
    }

    public static FreshDatabase create() throws SQLException {
        String name = "gatehouse_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection c = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return new FreshDatabase(name);
    }

    public String jdbcUrl() {
        return SERVER + name;
    }

    /** Tables in the public schema: 0 while nothing (not even Flyway's history) was created. */
    public int tableCount() throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl(), "postgres", "");
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")) {
            r.next();
            return r.getInt(1);
        }
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }
}
