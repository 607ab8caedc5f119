package dev.gatehouse.example;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

/**
 * A resource server: gatehouse-verifier's filter (discovered from the jar, configured by
 * application.properties) turns the bearer token into the SecurityContext; Quarkus checks the roles.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class HelloResource {

    // readme:start
    @GET
    @Path("/hello")
    @RolesAllowed("user")      // a role is a value of the token's groups claim
    public String hello(@Context SecurityContext security) {
        return "{\"sub\":\"" + security.getUserPrincipal().getName() + "\"}";
    }

    @GET
    @Path("/admin")
    @RolesAllowed("admin")
    public String admin(@Context SecurityContext security) {
        return "{\"sub\":\"" + security.getUserPrincipal().getName() + "\"}";
    }
    // readme:end
}
