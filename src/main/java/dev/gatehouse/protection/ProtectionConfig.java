package dev.gatehouse.protection;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Rate limits and lockout. */
@ConfigMapping(prefix = "gatehouse.protection")
public interface ProtectionConfig {

    /** Login attempts per client address per window. */
    @WithDefault("5")
    int loginPerAddress();

    /** Login attempts per account (the submitted username) per window. */
    @WithDefault("10")
    int loginPerAccount();

    /** Registrations per client address per window. */
    @WithDefault("5")
    int registerPerAddress();

    /** Refreshes per client address per window. */
    @WithDefault("120")
    int refreshPerAddress();

    /**
     * Failed service-client authentications (introspection, revocation, the revocation feed) per
     * client address per window. Past it that address gets 429 for every client authentication,
     * the right secret included, until the window ends. Successes are not counted.
     */
    @WithDefault("10")
    int clientAuthFailuresPerAddress();

    /**
     * Failed authentications per configured service-client id per window, from any address. Past
     * it, failures get 429, and so does the right secret when it comes from an address that failed
     * within the window; an address that never failed still gets in, so guessing cannot lock the
     * real client out.
     */
    @WithDefault("20")
    int clientAuthFailuresPerClient();

    /** The rate-limit window. */
    @WithDefault("1m")
    Duration window();

    /** Failed password checks in a row that lock an account (and every further multiple of it). */
    @WithDefault("5")
    int lockoutThreshold();

    /** First lockout; each further one doubles, up to {@link #lockoutMax()}. */
    @WithDefault("1m")
    Duration lockoutBase();

    /** Longest lockout, so nobody can lock a victim out for good. */
    @WithDefault("15m")
    Duration lockoutMax();

    /** Failures are forgotten after this long without another failure. */
    @WithDefault("1h")
    Duration failureMemory();

    /**
     * Reverse proxies whose {@code X-Forwarded-For} is believed: IPv4 or IPv6 addresses or CIDR
     * ranges ({@code 10.0.0.0/8}, {@code fd00::/8}, {@code ::1}), IP literals only, never host names.
     * The client address is the right-most address, across all the header's lines, that is not
     * itself a trusted proxy. Empty: the header is ignored. An entry that is not an address or
     * range stops the start.
     */
    Optional<List<String>> trustedProxies();
}
