package dev.gatehouse.passkey;

import com.webauthn4j.data.client.Origin;
import dev.gatehouse.common.GatehouseConfig;
import dev.gatehouse.common.PublicUrls;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The relying party the ceremonies run for: its id and the origins allowed to run them, from
 * {@code GATEHOUSE_WEBAUTHN_RP_ID} / {@code GATEHOUSE_WEBAUTHN_ORIGINS}, else from the issuer's host
 * and origin. Checked at start: every origin must be the RP id or a host under it.
 */
@ApplicationScoped
public class RelyingParty {

    private final String id;
    private final String name;
    private final Set<Origin> origins;
    private final List<String> originNames;

    public RelyingParty(WebAuthnConfig config, GatehouseConfig gatehouse) {
        URI issuer = PublicUrls.parseIssuer(gatehouse.issuer());
        this.id = config.rpId().map(s -> s.trim().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty())
                .orElse(issuer.getHost().toLowerCase(Locale.ROOT));
        this.name = config.rpName();
        List<String> configured = config.origins().filter(l -> !l.isEmpty())
                .orElse(List.of(issuer.getScheme() + "://" + issuer.getRawAuthority()));
        Set<String> names = new LinkedHashSet<>();
        Set<Origin> parsed = new LinkedHashSet<>();
        for (String raw : configured) {
            String o = raw.trim();
            URI u;
            try {
                u = URI.create(o);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("GATEHOUSE_WEBAUTHN_ORIGINS: not an origin: " + o);
            }
            String host = u.getHost() == null ? null : u.getHost().toLowerCase(Locale.ROOT);
            if (u.getScheme() == null || host == null || (u.getRawPath() != null && !u.getRawPath().isEmpty())
                    || u.getRawQuery() != null || u.getRawFragment() != null) {
                throw new IllegalStateException("GATEHOUSE_WEBAUTHN_ORIGINS: not an origin (scheme://host[:port]): " + o);
            }
            if (!host.equals(id) && !host.endsWith("." + id)) {
                throw new IllegalStateException("GATEHOUSE_WEBAUTHN_ORIGINS: " + o + " is not under the relying-party id "
                        + id + " (GATEHOUSE_WEBAUTHN_RP_ID)");
            }
            String normal = u.getScheme().toLowerCase(Locale.ROOT) + "://" + host + (u.getPort() < 0 ? "" : ":" + u.getPort());
            names.add(normal);
            parsed.add(new Origin(normal));
        }
        this.origins = Set.copyOf(parsed);
        this.originNames = List.copyOf(names);
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public Set<Origin> origins() {
        return origins;
    }

    public List<String> originNames() {
        return originNames;
    }
}
