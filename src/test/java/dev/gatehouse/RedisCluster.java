package dev.gatehouse;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real Redis Cluster for a test: six {@code redis-server --cluster-enabled yes} on free loopback
 * ports, joined by {@code redis-cli --cluster create} as three masters with a replica each.
 */
public final class RedisCluster implements AutoCloseable {

    private final List<RedisServer> nodes;

    private RedisCluster(List<RedisServer> nodes) {
        this.nodes = nodes;
    }

    public static RedisCluster start(String name) throws Exception {
        Path dir = Files.createTempDirectory(new File("target").toPath().toAbsolutePath(), name);
        List<RedisServer> nodes = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            nodes.add(RedisServer.launch("--cluster-enabled", "yes", "--cluster-config-file",
                    dir.resolve("nodes-" + i + ".conf").toString(), "--cluster-node-timeout", "2000", "--dir", dir.toString()));
        }
        List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
        nodes.forEach(n -> create.add("127.0.0.1:" + n.port()));
        create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
        new File("target/it-logs").mkdirs();
        Process p = new ProcessBuilder(create).redirectErrorStream(true)
                .redirectOutput(new File("target/it-logs/" + name + "-create.log")).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "redis-cli --cluster create failed; see target/it-logs");
        RedisCluster cluster = new RedisCluster(nodes);
        cluster.awaitOk();
        return cluster;
    }

    /** The node URLs, for QUARKUS_REDIS_HOSTS. */
    public String hosts() {
        return nodes.stream().map(RedisServer::url).collect(Collectors.joining(","));
    }

    public List<RedisServer> nodes() {
        return nodes;
    }

    /** Until {@code cluster_state:ok} on a live node (after a start or a failover). */
    public void awaitOk() throws Exception {
        for (int i = 0; i < 150; i++) {
            for (RedisServer n : nodes) {
                if (n.running() && cli(n.port(), "cluster", "info").contains("cluster_state:ok")) {
                    return;
                }
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the test cluster did not reach cluster_state:ok");
    }

    /** The master now serving {@code key}'s slot. */
    public RedisServer masterOf(String key) throws Exception {
        RedisServer any = nodes.stream().filter(RedisServer::running).findFirst().orElseThrow();
        long slot = Long.parseLong(cli(any.port(), "cluster", "keyslot", key).trim());
        for (String line : cli(any.port(), "cluster", "nodes").split("\n")) {
            String[] f = line.trim().split(" ");
            if (f.length < 9 || !f[2].contains("master") || f[2].contains("fail")) {
                continue;
            }
            for (int i = 8; i < f.length; i++) {
                String[] range = f[i].split("-");
                if (range[0].startsWith("[")) {
                    continue;
                }
                long from = Long.parseLong(range[0]);
                long to = range.length > 1 ? Long.parseLong(range[1]) : from;
                if (slot >= from && slot <= to) {
                    int port = Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1, f[1].indexOf('@')));
                    return nodes.stream().filter(n -> n.port() == port).findFirst().orElseThrow();
                }
            }
        }
        throw new IllegalStateException("no master serves " + key);
    }

    /** {@code redis-cli -c} against the cluster (follows redirections). */
    public String cli(String... args) throws Exception {
        RedisServer any = nodes.stream().filter(RedisServer::running).findFirst().orElseThrow();
        List<String> cmd = new ArrayList<>(List.of("redis-cli", "-c", "-p", Integer.toString(any.port())));
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    public static String cli(int port, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("redis-cli", "-p", Integer.toString(port)));
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    private static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(10, TimeUnit.SECONDS);
        return out;
    }

    /** Every node's keys gone (as after a restart without persistence). */
    public void flushAll() throws IOException, InterruptedException {
        for (RedisServer n : nodes) {
            if (n.running()) {
                cli(n.port(), "flushall");
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (RedisServer n : nodes) {
            n.stop();
        }
    }
}
