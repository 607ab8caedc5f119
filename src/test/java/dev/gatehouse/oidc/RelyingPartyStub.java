package dev.gatehouse.oidc;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A relying party's endpoints on 127.0.0.1: {@code /cb} and {@code /bye} answer a small page and
 * record the query; {@code /backchannel} records the posted bodies (back-channel logout).
 */
final class RelyingPartyStub implements AutoCloseable {

    private final HttpServer server;
    final List<String> callbacks = new CopyOnWriteArrayList<>();
    final List<String> backchannel = new CopyOnWriteArrayList<>();

    RelyingPartyStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/cb", x -> {
            callbacks.add(x.getRequestURI().getRawQuery());
            answer(x, 200, "<!DOCTYPE html><title>RP</title><h1 id=\"rp\">Back at the app</h1>");
        });
        server.createContext("/bye", x -> answer(x, 200, "<!DOCTYPE html><title>RP</title><h1 id=\"bye\">Signed out of the app</h1>"));
        server.createContext("/backchannel", x -> {
            backchannel.add(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            answer(x, 200, "");
        });
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private static void answer(com.sun.net.httpserver.HttpExchange x, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
        x.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        if (b.length > 0) {
            try (OutputStream out = x.getResponseBody()) {
                out.write(b);
            }
        }
        x.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
