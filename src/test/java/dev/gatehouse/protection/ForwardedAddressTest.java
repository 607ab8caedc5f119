package dev.gatehouse.protection;

import dev.gatehouse.Api;
import dev.gatehouse.TestAddresses;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.http.Header;
import io.restassured.http.Headers;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.concurrent.ThreadLocalRandom;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/**
 * SECURITY-CASES 38: a client behind a trusted proxy cannot choose its own address, so it cannot
 * dodge the per-address limit. The test client connects from 127.0.0.1, inside the trusted
 * {@code 127.0.0.0/8}, so it plays the proxy and says in X-Forwarded-For whom it forwards.
 */
@QuarkusTest
@TestProfile(TrustedProxyRangesProfile.class)
class ForwardedAddressTest {

    private static String randomAddress() {
        return TestAddresses.fresh();
    }

    /** A login whose request carries each of {@code xffLines} as its own X-Forwarded-For header line. */
    private static Response login(String email, String password, String... xffLines) {
        Header[] lines = new Header[xffLines.length];
        for (int i = 0; i < xffLines.length; i++) {
            lines[i] = new Header("X-Forwarded-For", xffLines[i]);
        }
        return given().headers(new Headers(lines)).contentType(ContentType.URLENC)
                .formParam("username", email).formParam("password", password).post("/auth/login");
    }

    @Test
    void loginWhenClientForgesFirstHeaderLineAndProxyAppendsSecondThenLimitAppliesToRealClient() {
        String email = Api.uniqueEmail();
        Api.register(email, Api.PASSWORD);
        String real = randomAddress();
        for (int i = 0; i < 3; i++) {
            // A fresh forged address every time, in the line the client wrote; the proxy's line names the real one.
            login(email, "Wrong-Password-" + i, randomAddress(), real).then().statusCode(401);
        }
        login(email, Api.PASSWORD, randomAddress() + ", " + randomAddress(), real).then().statusCode(429)
                .header("Retry-After", notNullValue());
        // The forged address itself was never counted: as a real client it still gets in.
        String forged = randomAddress();
        login(email, Api.PASSWORD, forged).then().statusCode(200);
    }

    @Test
    void loginWhenForwardedThroughSeveralTrustedHopsThenClientIsRightMostUntrusted() {
        String email = Api.uniqueEmail();
        Api.register(email, Api.PASSWORD);
        String real = randomAddress();
        for (int i = 0; i < 3; i++) {
            login(email, "Wrong-Password-" + i, randomAddress() + ", " + real + ", 127.0.0.9", "::1").then().statusCode(401);
        }
        login(email, Api.PASSWORD, real).then().statusCode(429);
    }

    @Test
    void sessionsWhenBehindTrustedProxyThenRecordedAddressIsRealClient() {
        String email = Api.uniqueEmail();
        Api.register(email, Api.PASSWORD);
        String real = randomAddress();
        String token = login(email, Api.PASSWORD, "203.0.113.250", real).then().statusCode(200).extract().path("access_token");
        given().auth().oauth2(token).get("/auth/sessions").then().statusCode(200).body("[0].address", equalTo(real));
    }

    /** An address in the /64 {@code 2001:db8:<a>:<b>::/64} with random low 64 bits. */
    private static String inSlash64(int a, int b) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return String.format("2001:db8:%x:%x:%x:%x:%x:%x", a, b, r.nextInt(1, 0x10000), r.nextInt(0x10000), r.nextInt(0x10000),
                r.nextInt(1, 0x10000));
    }

    @Test
    void loginWhenAddressesShareAnIpv6Slash64ThenTheyShareOneLimitAndAnotherSlash64DoesNot() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        int a = r.nextInt(0x10000);
        int b = r.nextInt(0x10000);
        // One host rotating the low 64 bits: each attempt from a new address of its /64.
        for (int i = 0; i < 3; i++) {
            login(Api.uniqueEmail(), "Wrong-Password-" + i, inSlash64(a, b)).then().statusCode(401);
        }
        login(Api.uniqueEmail(), "Wrong-Password-x", inSlash64(a, b)).then().statusCode(429).header("Retry-After", notNullValue());
        // The neighbouring /64 is another network: its own limit.
        login(Api.uniqueEmail(), "Wrong-Password-y", inSlash64(a, b ^ 1)).then().statusCode(401);
    }

    @Test
    void loginWhenIpv4AndItsMappedIpv6FormThenOneLimitAndIpv4NeighboursApart() {
        // From 198.18.0.0/15 (benchmarking range), which no other test picks from.
        ThreadLocalRandom r = ThreadLocalRandom.current();
        String v4 = "198." + r.nextInt(18, 20) + "." + r.nextInt(256) + "." + r.nextInt(1, 254);
        login(Api.uniqueEmail(), "Wrong-Password-0", v4).then().statusCode(401);
        login(Api.uniqueEmail(), "Wrong-Password-1", "::ffff:" + v4).then().statusCode(401);
        login(Api.uniqueEmail(), "Wrong-Password-2", v4).then().statusCode(401);
        login(Api.uniqueEmail(), "Wrong-Password-3", "::ffff:" + v4).then().statusCode(429);
        // IPv4 stays per address: the next address in the same /24 has its own count.
        String[] q = v4.split("\\.");
        String neighbour = q[0] + "." + q[1] + "." + q[2] + "." + (Integer.parseInt(q[3]) % 254 + 1);
        login(Api.uniqueEmail(), "Wrong-Password-4", neighbour).then().statusCode(401);
    }

    @Test
    void sessionsWhenIpv6ClientThenTheFullAddressIsRecorded() {
        String email = Api.uniqueEmail();
        Api.register(email, Api.PASSWORD);
        String real = inSlash64(ThreadLocalRandom.current().nextInt(0x10000), ThreadLocalRandom.current().nextInt(0x10000));
        String token = login(email, Api.PASSWORD, real).then().statusCode(200).extract().path("access_token");
        given().auth().oauth2(token).get("/auth/sessions").then().statusCode(200)
                .body("[0].address", equalTo(dev.gatehouse.common.IpRange.format(dev.gatehouse.common.IpRange.parseAddress(real))));
    }
}
