package dev.gatehouse.common;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import io.smallrye.config.SmallRyeConfig;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.security.OAuthFlow;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes Swagger UI's Authorize dialog offer only what works: the {@code password} scheme's scopes
 * are the scopes a login may ask for ({@code GATEHOUSE_SCOPES}), and no operation asks for a scope.
 * SmallRye OpenAPI turns {@code @RolesAllowed("admin")} into an OAuth2 scope {@code admin}, but roles
 * are not scopes: a login asking for {@code admin} is refused, and admin rights come from the
 * account's role, not from anything the client asks for. Runs when the document is served, so it
 * sees the runtime configuration.
 */
@OpenApiFilter(OpenApiFilter.RunStage.RUN)
public class OpenApiSecurityFilter implements OASFilter {

    static final String SCHEME = "password";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() != null && openAPI.getComponents().getSecuritySchemes() != null) {
            SecurityScheme scheme = openAPI.getComponents().getSecuritySchemes().get(SCHEME);
            if (scheme != null && scheme.getFlows() != null && scheme.getFlows().getPassword() != null) {
                OAuthFlow flow = scheme.getFlows().getPassword();
                Map<String, String> scopes = new LinkedHashMap<>();
                for (String s : ConfigProvider.getConfig().unwrap(SmallRyeConfig.class)
                        .getConfigMapping(GatehouseConfig.class).scopes()) {
                    scopes.put(s, "scope " + s);
                }
                flow.setScopes(scopes);
            }
        }
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().values().forEach(item -> item.getOperations().values().forEach(op -> {
            if (op.getSecurity() == null) {
                return;
            }
            List<SecurityRequirement> requirements = new ArrayList<>();
            for (SecurityRequirement r : op.getSecurity()) {
                SecurityRequirement cleaned = OASFactory.createSecurityRequirement();
                for (Map.Entry<String, List<String>> e : r.getSchemes().entrySet()) {
                    cleaned.addScheme(e.getKey());
                }
                requirements.add(cleaned);
            }
            op.setSecurity(requirements);
        }));
    }
}
