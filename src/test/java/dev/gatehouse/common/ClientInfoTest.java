package dev.gatehouse.common;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SECURITY-CASES 38: the client address behind trusted proxies, which a client must not be able to choose. */
class ClientInfoTest {

    @AfterEach
    void reset() {
        ClientInfo.trustProxies(List.of());
    }

    /** A request from {@code peer} carrying {@code xffLines} as separate X-Forwarded-For header lines. */
    private static HttpServerRequest request(String peer, String... xffLines) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        for (String line : xffLines) {
            headers.add("X-Forwarded-For", line);
        }
        SocketAddress remote = SocketAddress.inetSocketAddress(40000, peer);
        return (HttpServerRequest) Proxy.newProxyInstance(ClientInfoTest.class.getClassLoader(),
                new Class<?>[] {HttpServerRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "remoteAddress" -> remote;
                    case "headers" -> headers;
                    case "getHeader" -> headers.get(args[0].toString());
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static String address(String peer, String... xffLines) {
        return ClientInfo.of(request(peer, xffLines)).address();
    }

    @Test
    void ofWhenPeerNotTrustedThenHeaderIgnored() {
        ClientInfo.trustProxies(List.of("10.0.0.0/8"));
        assertEquals("203.0.113.9", address("203.0.113.9", "198.51.100.1"));
    }

    @Test
    void ofWhenTrustedProxyAppendsSecondHeaderLineThenRightMostUntrustedAcrossLinesIsClient() {
        ClientInfo.trustProxies(List.of("127.0.0.0/8", "::1/128"));
        // The client sent line 1 itself; the proxy added line 2 with the address it saw.
        assertEquals("203.0.113.7", address("127.0.0.1", "198.51.100.66", "203.0.113.7"));
        assertEquals("203.0.113.7", address("127.0.0.1", "198.51.100.66, 10.1.1.1", "203.0.113.7"));
    }

    @Test
    void ofWhenSeveralTrustedHopsThenTheyAreSkippedFromTheRight() {
        ClientInfo.trustProxies(List.of("10.0.0.0/8", "127.0.0.1"));
        assertEquals("203.0.113.7", address("127.0.0.1", "1.2.3.4, 203.0.113.7, 10.0.0.5", "10.200.0.1"));
        // Every hop trusted: the left-most is the client.
        assertEquals("10.0.0.5", address("127.0.0.1", "10.0.0.5, 10.0.0.6"));
        // No header at all from a trusted proxy: the proxy itself.
        assertEquals("127.0.0.1", address("127.0.0.1"));
    }

    @Test
    void ofWhenTrustedRangesInEitherFamilyThenLoopbackInAnySpellingMatches() {
        ClientInfo.trustProxies(List.of("::1", "fd00::/8"));
        assertEquals("203.0.113.7", address("0:0:0:0:0:0:0:1", "203.0.113.7"));
        assertEquals("203.0.113.7", address("::1", "203.0.113.7, fd12:3456::1"));
        assertEquals("2001:db8::1", address("::1", "2001:0db8:0:0:0:0:0:1"));
        ClientInfo.trustProxies(List.of("::ffff:10.0.0.0/104"));
        assertEquals("203.0.113.7", address("10.9.8.7", "203.0.113.7"));
    }

    @Test
    void ofWhenHopIsNotAnIpLiteralThenWalkStopsAtLastGoodAddress() {
        ClientInfo.trustProxies(List.of("127.0.0.0/8", "10.0.0.0/8"));
        for (String junk : List.of("unknown", "evil.example", "localhost", "203.0.113.7 extra", "_hidden", "1.2.3")) {
            assertEquals("10.0.0.5", address("127.0.0.1", "198.51.100.1, " + junk + ", 10.0.0.5"), junk);
            assertEquals("127.0.0.1", address("127.0.0.1", junk), junk);
        }
    }

    @Test
    void ofWhenHopCarriesPortThenPortDropped() {
        ClientInfo.trustProxies(List.of("127.0.0.1"));
        assertEquals("203.0.113.7", address("127.0.0.1", "203.0.113.7:4711"));
        assertEquals("2001:db8::7", address("127.0.0.1", "[2001:db8::7]:4711"));
        assertEquals("2001:db8::7", address("127.0.0.1", "[2001:db8::7]"));
    }

    @Test
    void fromTrustedProxyWhenPeerInRangeThenTrue() {
        ClientInfo.trustProxies(List.of("192.168.0.0/16"));
        assertTrue(ClientInfo.fromTrustedProxy(request("192.168.44.1")));
        assertFalse(ClientInfo.fromTrustedProxy(request("192.169.0.1")));
    }

    @Test
    void trustProxiesWhenEntryIsNotAnAddressOrRangeThenRefused() {
        for (String bad : List.of("proxy.internal", "10.0.0.0/33", "::1/129", "10.0.0.0/", "10.0.0.0/x", "10.0.0")) {
            assertThrows(IllegalArgumentException.class, () -> ClientInfo.trustProxies(List.of(bad)), bad);
        }
    }

    @Test
    void ipRangeWhenPrefixGivenThenOnlyThoseBitsCompared() {
        IpRange r = IpRange.parse("172.16.0.0/12");
        assertTrue(r.contains(IpRange.parseAddress("172.31.255.255")));
        assertFalse(r.contains(IpRange.parseAddress("172.32.0.0")));
        assertFalse(r.contains(IpRange.parseAddress("::ffff:ac20:0")));
        assertTrue(IpRange.parse("0.0.0.0/0").contains(IpRange.parseAddress("8.8.8.8")));
        assertFalse(IpRange.parse("0.0.0.0/0").contains(IpRange.parseAddress("2001:db8::1")));
        assertTrue(IpRange.parse("2001:db8::/32").contains(IpRange.parseAddress("2001:db8:ffff::1")));
    }

    @Test
    void limitKeyWhenIpv6ThenTheSlash64AndWhenIpv4OrMappedThenTheAddress() {
        assertEquals("2001:db8:a:b::/64", new ClientInfo("2001:db8:a:b:1:2:3:4", null).limitKey());
        assertEquals("2001:db8:a:b::/64", new ClientInfo("2001:db8:a:b::ffff", null).limitKey());
        assertEquals("2001:db8:a:c::/64", new ClientInfo("2001:db8:a:c::1", null).limitKey());
        assertEquals("::/64", new ClientInfo("::1", null).limitKey());
        assertEquals("198.51.100.7", new ClientInfo("198.51.100.7", null).limitKey());
        assertEquals("198.51.100.7", new ClientInfo("::ffff:198.51.100.7", null).limitKey());
        // What is no IP literal (a Unix socket's name) and no address at all keep their own keys.
        assertEquals("-", new ClientInfo(null, null).limitKey());
        assertEquals("unix:/tmp/s", new ClientInfo("unix:/tmp/s", null).limitKey());
        // The address recorded for sessions and audit stays the full one.
        ClientInfo.trustProxies(List.of());
        assertEquals("2001:db8:a:b:1:2:3:4", ClientInfo.of(request("2001:db8:a:b:1:2:3:4")).address());
    }
}
