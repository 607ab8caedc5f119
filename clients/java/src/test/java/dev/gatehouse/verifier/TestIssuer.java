package dev.gatehouse.verifier;

/** Public face of {@link FakeIssuer} for tests in other packages. */
public final class TestIssuer implements AutoCloseable {

    private final FakeIssuer issuer;
    private final MutableClock clock = MutableClock.ofNow();

    public TestIssuer() throws Exception {
        issuer = new FakeIssuer();
    }

    public GatehouseVerifier verifier() {
        return issuer.verifier(clock).build();
    }

    public String token() {
        return issuer.sign(issuer.claims(clock));
    }

    @Override
    public void close() {
        issuer.close();
    }
}
