package dev.gatehouse.page;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The branding colour as a stylesheet: the CSP allows no inline style, so {@code page.html} links
 * this after {@code gatehouse.css}, which reads the custom properties. The colour was checked to be
 * a hex colour at startup, so nothing else can reach the CSS.
 */
@Path("/assets/brand.css")
@Tag(name = "hosted page")
public class BrandStylesheetResource {

    private final String css;

    public BrandStylesheetResource(Branding branding) {
        this.css = ":root { --brand: " + branding.primaryColor() + "; --brand-hover: " + branding.primaryHoverColor()
                + "; --on-brand: " + branding.onPrimaryColor() + "; --link: " + branding.linkColor() + "; }\n";
    }

    @GET
    @Produces("text/css")
    @Operation(summary = "The hosted pages' branding colours")
    public Response get() {
        return Response.ok(css).type("text/css; charset=utf-8").header(HttpHeaders.CACHE_CONTROL, "public, max-age=300").build();
    }
}
