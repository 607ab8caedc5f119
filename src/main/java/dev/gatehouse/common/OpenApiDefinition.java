package dev.gatehouse.common;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.OAuthFlow;
import org.eclipse.microprofile.openapi.annotations.security.OAuthFlows;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** OpenAPI metadata; the {@code password} scheme makes Swagger UI's Authorize button log in at /auth/login. */
@OpenAPIDefinition(info = @Info(title = "Gatehouse", version = "1", description = "Authentication service"))
@SecurityScheme(securitySchemeName = "password", type = SecuritySchemeType.OAUTH2,
        flows = @OAuthFlows(password = @OAuthFlow(tokenUrl = "/auth/login")))
public class OpenApiDefinition extends Application {
}
