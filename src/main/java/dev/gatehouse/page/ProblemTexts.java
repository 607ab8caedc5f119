package dev.gatehouse.page;

import dev.gatehouse.apikey.ApiKeyConfig;
import dev.gatehouse.common.ProblemException;
import dev.gatehouse.password.PasswordConfig;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A service's refusal (a {@link ProblemException}, whose detail is English for the API) as a
 * sentence in the reader's language, by its rule or type. Anything not listed gets a generic
 * sentence, never the English detail.
 */
@ApplicationScoped
public class ProblemTexts {

    private final PasswordConfig passwords;
    private final ApiKeyConfig apiKeys;

    public ProblemTexts(PasswordConfig passwords, ApiKeyConfig apiKeys) {
        this.passwords = passwords;
        this.apiKeys = apiKeys;
    }

    public String of(Messages msg, ProblemException e) {
        String rule = e.rule() == null ? "" : e.rule();
        switch (rule) {
            case "password_missing": return msg.problem_passwordMissing();
            case "password_too_long": return msg.problem_passwordTooLong(passwords.maxLength());
            case "password_invalid_character": return msg.problem_passwordInvalidCharacter();
            case "password_too_short": return msg.problem_passwordTooShort(passwords.minLength());
            case "password_common": return msg.problem_passwordCommon();
            case "password_contains_email": return msg.problem_passwordContainsEmail();
            case "password_too_weak": return msg.problem_passwordTooWeak();
            case "password_breached": return msg.problem_passwordBreached();
            case "email_missing": return msg.problem_emailMissing();
            case "email_invalid", "email_invalid_character": return msg.problem_emailInvalid();
            case "display_name_too_long", "display_name_invalid_character": return msg.problem_nameInvalid();
            case "name_invalid": return msg.problem_keyName();
            case "scopes_invalid", "scopes_not_allowed": return msg.problem_keyScopes();
            case "expires_in_required", "expires_in_invalid": return msg.problem_keyExpiry(apiKeys.maxLifetime().toDays());
            default: break;
        }
        String slug = e.slug() == null ? "" : e.slug();
        return switch (slug) {
            case "email-taken" -> msg.signup_emailTaken();
            case "current-password-wrong" -> msg.problem_currentPasswordWrong();
            case "mfa-code-required" -> msg.problem_codeRequired();
            case "mfa-code-invalid" -> msg.problem_codeInvalid();
            case "mfa-already-enabled" -> msg.problem_mfaAlreadyOn();
            case "mfa-enrollment-not-started" -> msg.problem_mfaNotStarted();
            case "mfa-not-enabled" -> msg.problem_mfaOff();
            case "last-sign-in-method" -> msg.problem_lastSignInMethod();
            case "identity-not-linked" -> msg.problem_identityNotLinked();
            case "api-key-limit" -> msg.problem_keyLimit();
            case "conflict" -> msg.problem_conflict();
            default -> msg.problem_other();
        };
    }
}
