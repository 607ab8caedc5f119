package dev.gatehouse.token;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Small limits on failed service-client authentication; 127.0.0.1 is a trusted proxy, so each test
 * picks its own client address. Each test has a service client of its own, named afresh for every
 * run (a system property, the one thing the test and the application class loaders share), since
 * the per-client counters live in the shared Redis.
 */
public class ClientAuthLimitsProfile implements QuarkusTestProfile {

    static final int PER_ADDRESS = 3;
    static final int PER_CLIENT = 5;
    static final int CLIENTS = 5;

    static String client(int n) {
        String run = System.getProperties().computeIfAbsent("gh-test-client-run",
                k -> UUID.randomUUID().toString().substring(0, 8)).toString();
        return "svc" + n + "-" + run;
    }

    static String secret(int n) {
        return "secret-" + n + "-for-tests-only";
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "gatehouse.token.service-clients", IntStream.rangeClosed(1, CLIENTS)
                        .mapToObj(n -> client(n) + ":" + secret(n)).collect(Collectors.joining(",")),
                "gatehouse.protection.client-auth-failures-per-address", Integer.toString(PER_ADDRESS),
                "gatehouse.protection.client-auth-failures-per-client", Integer.toString(PER_CLIENT),
                "gatehouse.protection.trusted-proxies", "127.0.0.0/8,::1/128");
    }
}
