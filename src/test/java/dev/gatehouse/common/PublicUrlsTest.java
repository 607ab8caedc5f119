package dev.gatehouse.common;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The issuer's shape, absolute URLs under it, and the plain-HTTP-on-a-public-host warning. */
class PublicUrlsTest {

    @Test
    void parseIssuerWhenNotABaseUrlThenRefusedNamingGatehouseIssuer() {
        for (String bad : new String[] {"https://auth.example.com/", "https://auth.example.com?x=1", "https://auth.example.com#f",
                "auth.example.com", "ftp://auth.example.com", "https://user@auth.example.com", "https:///nohost", "http://exa mple"}) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> PublicUrls.parseIssuer(bad), bad);
            assertTrue(e.getMessage().startsWith("GATEHOUSE_ISSUER must be"), e.getMessage());
        }
        PublicUrls.parseIssuer("https://example.com/auth");
        PublicUrls.parseIssuer("http://localhost:8080");
    }

    @Test
    void dropsSecureCookiesWhenPlainHttpOnPublicHostThenTrueElseFalse() {
        assertTrue(PublicUrls.dropsSecureCookies(URI.create("http://gatehouse.internal:8080")));
        assertTrue(PublicUrls.dropsSecureCookies(URI.create("http://10.0.0.5")));
        assertTrue(PublicUrls.dropsSecureCookies(URI.create("http://127.example.com")));
        for (String ok : new String[] {"https://auth.example.com", "http://localhost:8080", "http://127.0.0.1:8080",
                "http://[::1]:8080", "http://app.localhost"}) {
            assertFalse(PublicUrls.dropsSecureCookies(URI.create(ok)), ok);
        }
    }

    @Test
    void absoluteWhenPathThenUnderIssuerWhenAbsoluteThenKeptWhenSchemeRelativeThenRefused() {
        GatehouseConfig config = (GatehouseConfig) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {GatehouseConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("issuer")) {
                        return "https://auth.example.com/base";
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        PublicUrls urls = new PublicUrls(config);
        assertEquals("https://auth.example.com/base/login/signed-in", urls.absolute("/login/signed-in").toString());
        assertEquals("https://app.example.com/x", urls.absolute("https://app.example.com/x").toString());
        assertThrows(IllegalArgumentException.class, () -> urls.absolute("//evil.example/x"));
        assertThrows(IllegalArgumentException.class, () -> urls.absolute("login"));
        assertFalse(urls.secureCookiesDropped());
    }
}
