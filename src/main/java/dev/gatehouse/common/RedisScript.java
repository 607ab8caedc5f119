package dev.gatehouse.common;

import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Lua script run by {@code EVALSHA} (its SHA-1 only on the wire, not the source), falling back
 * to {@code EVAL} (which also caches it in the server) when the server answers {@code NOSCRIPT}: a
 * restarted or flushed Redis, a failover, another cluster node. The same keys and arguments either
 * way, so the script's atomicity and slots are unchanged.
 */
public final class RedisScript {

    private final String source;
    private final String sha;

    public RedisScript(String source) {
        this.source = source;
        try {
            this.sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The script's SHA-1, as {@code SCRIPT LOAD} answers it. */
    public String sha() {
        return sha;
    }

    /** Runs the script with {@code numKeys} keys followed by the arguments in {@code keysAndArgs}. */
    public Response run(RedisDataSource redis, int numKeys, String... keysAndArgs) {
        String[] args = new String[keysAndArgs.length + 2];
        args[0] = sha;
        args[1] = Integer.toString(numKeys);
        System.arraycopy(keysAndArgs, 0, args, 2, keysAndArgs.length);
        try {
            return redis.execute("EVALSHA", args);
        } catch (RuntimeException e) {
            if (!isNoScript(e)) {
                throw e;
            }
            args[0] = source;
            return redis.execute("EVAL", args);
        }
    }

    static boolean isNoScript(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("NOSCRIPT")) {
                return true;
            }
        }
        return false;
    }
}
