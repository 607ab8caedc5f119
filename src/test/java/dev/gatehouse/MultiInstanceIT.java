package dev.gatehouse;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Two packaged instances sharing one PostgreSQL and one Redis behave as one service. */
class MultiInstanceIT {

    private static GatehouseProcess a;
    private static GatehouseProcess b;

    @BeforeAll
    static void start() throws Exception {
        a = GatehouseProcess.start("instance-a", 18081, "redis://127.0.0.1:6379");
        b = GatehouseProcess.start("instance-b", 18082, "redis://127.0.0.1:6379");
    }

    @AfterAll
    static void stop() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    private static RequestSpecification at(GatehouseProcess p) {
        return given().baseUri(p.baseUri());
    }

    private static String tokenFrom(GatehouseProcess p, String email) {
        return at(p).contentType(ContentType.URLENC).formParam("username", email).formParam("password", Api.PASSWORD)
                .post("/auth/login").then().statusCode(200).extract().path("access_token");
    }

    @Test
    void jwksWhenFetchedFromEitherInstanceThenIdentical() {
        String fromA = at(a).get("/.well-known/jwks.json").then().statusCode(200).extract().asString();
        String fromB = at(b).get("/.well-known/jwks.json").then().statusCode(200).extract().asString();
        assertEquals(fromA, fromB);
    }

    @Test
    void tokenWhenIssuedByOneInstanceThenAcceptedByTheOther() {
        String email = Api.uniqueEmail();
        at(a).contentType(ContentType.JSON).body(Map.of("email", email, "password", Api.PASSWORD))
                .post("/auth/register").then().statusCode(201);
        String token = tokenFrom(b, email);
        at(a).auth().oauth2(token).get("/auth/me").then().statusCode(200);
    }

    @Test
    void refreshWhenRacedAcrossInstancesThenOneSuccessorAndReplayRevokesEverywhere() throws Exception {
        String email = Api.uniqueEmail();
        at(a).contentType(ContentType.JSON).body(Map.of("email", email, "password", Api.PASSWORD))
                .post("/auth/register").then().statusCode(201);
        String refresh = at(a).contentType(ContentType.URLENC).formParam("username", email).formParam("password", Api.PASSWORD)
                .post("/auth/login").then().statusCode(200).extract().path("refresh_token");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(10);
        java.util.List<java.util.concurrent.Future<String>> results = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            GatehouseProcess target = i % 2 == 0 ? a : b;
            results.add(pool.submit(() -> at(target).contentType(ContentType.URLENC).formParam("refresh_token", refresh)
                    .post("/auth/refresh").then().statusCode(200).extract().<String>path("refresh_token")));
        }
        java.util.Set<String> successors = new java.util.HashSet<>();
        for (var f : results) {
            successors.add(f.get());
        }
        pool.shutdown();
        assertEquals(1, successors.size(), "both instances handed out the same single successor");
        at(b).contentType(ContentType.URLENC).formParam("refresh_token", successors.iterator().next())
                .post("/auth/refresh").then().statusCode(200);
    }

    @Test
    void lockoutWhenFailuresSpreadOverInstancesThenLockedOnBoth() {
        String email = Api.uniqueEmail();
        at(a).contentType(ContentType.JSON).body(Map.of("email", email, "password", Api.PASSWORD))
                .post("/auth/register").then().statusCode(201);
        for (int i = 0; i < 5; i++) {
            at(i % 2 == 0 ? a : b).contentType(ContentType.URLENC).formParam("username", email)
                    .formParam("password", "Wrong-Password-" + i).post("/auth/login").then().statusCode(401);
        }
        for (GatehouseProcess p : new GatehouseProcess[]{a, b}) {
            at(p).contentType(ContentType.URLENC).formParam("username", email).formParam("password", Api.PASSWORD)
                    .post("/auth/login").then().statusCode(401);
        }
    }

    @Test
    void logoutWhenDoneAtOneInstanceThenRefusedAtTheOtherOnNextRequest() {
        String email = Api.uniqueEmail();
        at(a).contentType(ContentType.JSON).body(Map.of("email", email, "password", Api.PASSWORD))
                .post("/auth/register").then().statusCode(201);
        String token = tokenFrom(a, email);
        at(b).auth().oauth2(token).get("/auth/me").then().statusCode(200);
        at(a).auth().oauth2(token).post("/auth/logout").then().statusCode(204);
        at(b).auth().oauth2(token).get("/auth/me").then().statusCode(401);

        String other = tokenFrom(a, email);
        at(b).auth().oauth2(other).post("/auth/logout-all").then().statusCode(204);
        at(a).auth().oauth2(other).get("/auth/me").then().statusCode(401);
    }

    /** One TOTP code, offered to both instances at once (each pending sign-in finished on the other instance): exactly one sign-in. */
    @Test
    void mfaCodeWhenOfferedToBothInstancesThenAcceptedOnce() throws Exception {
        String email = Api.uniqueEmail();
        at(a).contentType(ContentType.JSON).body(Map.of("email", email, "password", Api.PASSWORD))
                .post("/auth/register").then().statusCode(201);
        String token = tokenFrom(a, email);
        String secret = at(a).auth().oauth2(token).post("/auth/mfa/totp").then().statusCode(200).extract().path("secret");
        at(b).auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("code", dev.gatehouse.mfa.MfaApi.code(secret, 0)))
                .post("/auth/mfa/totp/confirm").then().statusCode(200);
        String code = dev.gatehouse.mfa.MfaApi.code(secret, 1);
        java.util.List<String> pending = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            pending.add(at(i % 2 == 0 ? a : b).contentType(ContentType.URLENC).formParam("username", email)
                    .formParam("password", Api.PASSWORD).post("/auth/login").then().statusCode(403).extract().<String>path("mfa_token"));
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        java.util.List<java.util.concurrent.Future<Integer>> results = new java.util.ArrayList<>();
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        for (int i = 0; i < 6; i++) {
            GatehouseProcess target = i % 2 == 0 ? b : a; // each pending sign-in finished on the other instance
            String mfaToken = pending.get(i);
            results.add(pool.submit(() -> {
                go.await();
                return at(target).contentType(ContentType.URLENC).formParam("mfa_token", mfaToken).formParam("otp", code)
                        .post("/auth/mfa/verify").statusCode();
            }));
        }
        go.countDown();
        java.util.List<Integer> statuses = new java.util.ArrayList<>();
        for (var f : results) {
            statuses.add(f.get(60, java.util.concurrent.TimeUnit.SECONDS));
        }
        pool.shutdown();
        assertEquals(1, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
    }
}
