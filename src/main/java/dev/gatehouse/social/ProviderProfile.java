package dev.gatehouse.social;

/**
 * What a provider told us about the person after a completed code flow.
 *
 * @param subject       the provider's stable user id ({@code sub} at Google, the numeric id at GitHub)
 * @param email         normalised e-mail, or null when the provider gave none
 * @param emailVerified whether the provider says it verified {@code email}
 * @param displayName   a name to show, may be null
 * @param login         GitHub's login name, null for Google
 */
public record ProviderProfile(SocialProvider provider, String subject, String email, boolean emailVerified,
                              String displayName, String login) {
}
