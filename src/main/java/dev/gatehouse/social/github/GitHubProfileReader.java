package dev.gatehouse.social.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.account.EmailAddress;
import dev.gatehouse.social.ProviderProfile;
import dev.gatehouse.social.SocialConfig;
import dev.gatehouse.social.SocialLoginRefused;
import dev.gatehouse.social.SocialProvider;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.UserInfo;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * GitHub speaks OAuth2, not OpenID Connect: quarkus-oidc exchanges the code (with PKCE) and reads
 * {@code /user} (the numeric {@code id} is the subject: logins can be renamed, ids cannot); the
 * e-mail comes from {@code /user/emails}, and only the primary address that GitHub marks verified
 * counts.
 */
@ApplicationScoped
public class GitHubProfileReader {

    private static final Logger LOG = Logger.getLogger(GitHubProfileReader.class);

    private final SocialConfig config;
    private final ObjectMapper json;
    private final HttpClient http;

    public GitHubProfileReader(SocialConfig config, ObjectMapper json) {
        this.config = config;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(config.providerTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public ProviderProfile read(SecurityIdentity identity) {
        UserInfo user = identity.getAttribute("userinfo");
        Object id = user == null ? null : user.get("id");
        if (!(id instanceof Number) && !(id instanceof jakarta.json.JsonNumber)) {
            throw new SocialLoginRefused(SocialLoginRefused.PROVIDER_ERROR, "GitHub user without a numeric id");
        }
        String subject = id instanceof jakarta.json.JsonNumber n ? n.bigIntegerValueExact().toString() : id.toString();
        String login = user.getString("login");
        String name = user.getString("name");
        AccessTokenCredential token = identity.getCredential(AccessTokenCredential.class);
        String email = token == null ? null : primaryVerifiedEmail(token.getToken());
        return new ProviderProfile(SocialProvider.GITHUB, subject, email, email != null,
                name != null ? name : login, login);
    }

    /** The primary address if GitHub has verified it, else null. */
    private String primaryVerifiedEmail(String accessToken) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(config.githubApiUrl().replaceAll("/+$", "") + "/user/emails"))
                .timeout(config.providerTimeout())
                .header("Authorization", "Bearer " + accessToken)
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", "2022-11-28")
                .header("User-Agent", "gatehouse")
                .GET().build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            LOG.warnf("GitHub /user/emails unreachable: %s", e.getClass().getSimpleName());
            throw new SocialLoginRefused(SocialLoginRefused.PROVIDER_ERROR, "GitHub API unreachable");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SocialLoginRefused(SocialLoginRefused.PROVIDER_ERROR, "interrupted");
        }
        if (response.statusCode() != 200) {
            LOG.warnf("GitHub /user/emails answered %d", response.statusCode());
            throw new SocialLoginRefused(SocialLoginRefused.PROVIDER_ERROR, "GitHub API refused");
        }
        try {
            JsonNode emails = json.readTree(response.body());
            if (emails != null && emails.isArray()) {
                for (JsonNode e : emails) {
                    if (e.path("primary").asBoolean(false) && e.path("verified").asBoolean(false) && e.path("email").isTextual()) {
                        String normalised = EmailAddress.normalise(e.path("email").asText());
                        return EmailAddress.isValid(normalised) ? normalised : null;
                    }
                }
            }
            return null;
        } catch (IOException e) {
            throw new SocialLoginRefused(SocialLoginRefused.PROVIDER_ERROR, "GitHub API answered no JSON");
        }
    }
}
