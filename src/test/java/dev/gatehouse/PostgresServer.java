package dev.gatehouse;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL server of a test's own (initdb, pg_ctl) on a free loopback port, so the test can
 * restart it without touching the shared one. Runs as the {@code postgres} system user (through
 * runuser as root, or sudo), as PostgreSQL refuses to run as root.
 */
public final class PostgresServer implements AutoCloseable {

    private final Path dir;
    private final int port;
    private final Path bin;

    private PostgresServer(Path dir, int port, Path bin) {
        this.dir = dir;
        this.port = port;
        this.bin = bin;
    }

    public static PostgresServer start() throws Exception {
        Path bin;
        try (var versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            bin = versions.map(p -> p.resolve("bin")).filter(p -> Files.isExecutable(p.resolve("initdb")))
                    .max(Comparator.comparing(p -> Integer.parseInt(p.getParent().getFileName().toString().replaceAll("\\D", ""))))
                    .orElseThrow(() -> new IllegalStateException("no initdb under /usr/lib/postgresql"));
        }
        Path dir = Files.createTempDirectory("gatehouse-pg-");
        run("chown", "postgres:postgres", dir.toString());
        PostgresServer pg = new PostgresServer(dir, FreePort.next(), bin);
        pg.asPostgres(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-A", "trust", "-U", "postgres", "--no-sync");
        pg.pgCtl("start");
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl("postgres"), "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE gatehouse");
            try (ResultSet r = s.executeQuery("SHOW port")) {
                r.next();
                if (Integer.parseInt(r.getString(1)) != pg.port) {
                    throw new IllegalStateException("port " + pg.port + " is answered by another PostgreSQL");
                }
            }
        }
        return pg;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** A fast restart: open connections are cut, and for a moment nothing answers. */
    public void restart() throws Exception {
        pgCtl("restart", "-m", "fast");
    }

    private void pgCtl(String... action) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-w",
                "-l", dir.resolve("server.log").toString(),
                "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -k " + dir + " -c fsync=off"));
        cmd.addAll(List.of(action));
        asPostgres(cmd.toArray(String[]::new));
    }

    private void asPostgres(String... command) throws Exception {
        List<String> cmd = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        } else {
            cmd.addAll(List.of("sudo", "-n", "-u", "postgres"));
        }
        cmd.addAll(List.of(command));
        run(cmd.toArray(String[]::new));
    }

    private static void run(String... command) throws IOException, InterruptedException {
        File log = new File("target/it-logs/postgres-server.log");
        log.getParentFile().mkdirs();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed; see target/it-logs/postgres-server.log");
        }
    }

    @Override
    public void close() throws Exception {
        try {
            pgCtl("stop", "-m", "immediate");
        } finally {
            run("rm", "-rf", dir.toString());
        }
    }
}
