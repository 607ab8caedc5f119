package dev.gatehouse;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A redis-server of the test's own, on a free loopback port. It checks that the server answering
 * on the port is the process it started (INFO's {@code process_id}), so a Redis that was already
 * there is never mistaken for it, and that the port is free again after {@link #stop}.
 */
public final class RedisServer implements AutoCloseable {

    private final int port;
    private final List<String> extraArgs;
    private final java.nio.file.Path sentinelConfig;
    private Process process;

    private RedisServer(int port, List<String> extraArgs) {
        this(port, extraArgs, null);
    }

    private RedisServer(int port, List<String> extraArgs, java.nio.file.Path sentinelConfig) {
        this.port = port;
        this.extraArgs = extraArgs;
        this.sentinelConfig = sentinelConfig;
    }

    /**
     * A Sentinel (redis-server in sentinel mode) watching the master {@code masterName} on
     * {@code masterPort}: quorum 2, down after 1 s. Its config file (which Sentinel rewrites) lives in {@code dir}.
     */
    public static RedisServer launchSentinel(java.nio.file.Path dir, String masterName, int masterPort)
            throws IOException, InterruptedException {
        int port = freePort();
        java.nio.file.Path conf = dir.resolve("sentinel-" + port + ".conf");
        java.nio.file.Files.writeString(conf, String.join("\n",
                "port " + port,
                "bind 127.0.0.1",
                "dir " + dir,
                "sentinel monitor " + masterName + " 127.0.0.1 " + masterPort + " 2",
                "sentinel down-after-milliseconds " + masterName + " 1000",
                "sentinel failover-timeout " + masterName + " 5000",
                "sentinel parallel-syncs " + masterName + " 1",
                ""));
        RedisServer r = new RedisServer(port, List.of(), conf);
        r.start();
        return r;
    }

    /** A free port whose cluster-bus twin (port + 10000) is free too. */
    public static int freePort() {
        for (int i = 0; i < 100; i++) {
            int p = FreePort.next();
            if (p + 10000 <= 65535 && free(p + 10000)) {
                return p;
            }
        }
        throw new IllegalStateException("no free port pair");
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public static RedisServer launch(String... extraArgs) throws IOException, InterruptedException {
        RedisServer r = new RedisServer(freePort(), List.of(extraArgs));
        r.start();
        return r;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Starts (or starts again, on the same port, empty) and waits until this very process answers. */
    public void start() throws IOException, InterruptedException {
        new File("target/it-logs").mkdirs();
        List<String> cmd = sentinelConfig != null
                ? new ArrayList<>(List.of("redis-server", sentinelConfig.toString(), "--sentinel"))
                : new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no"));
        cmd.addAll(extraArgs);
        process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(new File("target/it-logs/redis-" + port + ".log"))).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server on port " + port + " exited; see target/it-logs");
            }
            Long pid = answeringPid();
            if (pid != null) {
                if (pid != process.pid()) {
                    throw new IllegalStateException("port " + port + " is answered by another Redis (pid " + pid + ")");
                }
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("redis-server on port " + port + " did not answer");
    }

    public boolean running() {
        return process != null && process.isAlive();
    }

    /** Kills the server and checks that nothing answers on its port any more. */
    public void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        if (answeringPid() != null) {
            throw new IllegalStateException("something still answers on port " + port + " after stopping Redis");
        }
    }

    /** The process id of the Redis answering on the port, or null when none answers. */
    private Long answeringPid() {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(2000);
            OutputStream out = s.getOutputStream();
            out.write("INFO server\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith("process_id:")) {
                    return Long.parseLong(line.substring("process_id:".length()).trim());
                }
                if (line.startsWith("-")) {
                    return -1L; // a server that refuses INFO (e.g. still loading)
                }
            }
            return null;
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
