package dev.gatehouse.password;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/** Have I Been Pwned's range API played by WireMock on loopback. */
public class HibpStub implements QuarkusTestResourceLifecycleManager {

    static WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        return Map.of("gatehouse.password.hibp-enabled", "true",
                "gatehouse.password.hibp-url", "http://127.0.0.1:" + server.port(),
                "gatehouse.password.hibp-timeout", "2s");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
