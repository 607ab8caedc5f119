package dev.gatehouse.page;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * Every text of the hosted pages: English here (the default), German in
 * {@code src/main/resources/messages/msg_de.properties}. Templates read them as {@code {msg:key}} (or
 * {@code {msg:key(arg)}}) in the page's locale, which {@link HostedPages} sets; Java reads them through
 * {@link HostedPages.Page#msg()}. Keys are {@code area_what}. Messages are plain text: a template
 * escapes them like any value.
 */
@MessageBundle(value = "msg", locale = "en")
public interface Messages {

    // ---- layout (page.html)
    @Message("Help and support")
    String layout_support();

    @Message("Back to the application")
    String layout_backToApp();

    @Message("Main content")
    String layout_main();

    // ---- common
    @Message("Too many attempts. Please wait a minute and try again.")
    String common_tooMany();

    @Message("This form expired. Please try again.")
    String common_formExpired();

    @Message("Dates are shown in UTC.")
    String common_datesInUtc();

    // ---- sign-in (login.html)
    @Message("Sign in")
    String login_title();

    @Message("E-mail address")
    String login_email();

    @Message("Password")
    String login_password();

    @Message("Sign in")
    String login_submit();

    @Message("or")
    String login_or();

    @Message("Continue with {provider}")
    String login_continueWith(String provider);

    @Message("Forgot your password?")
    String login_forgot();

    @Message("No account yet?")
    String login_noAccount();

    @Message("Create an account")
    String login_signUp();

    @Message("The e-mail address or password is incorrect.")
    String login_badCredentials();

    @Message("Your sign-in form expired. Please try again.")
    String login_formExpired();

    @Message("Signing in cannot work here: this page is served over plain HTTP, and your browser refuses the secure cookies that signing in needs. The service must be served over HTTPS; its operator sets GATEHOUSE_ISSUER to the https:// address.")
    String login_insecureOrigin();

    @Message("An account with this e-mail address already exists. Sign in with your password first, then link the provider from your account.")
    String login_social_accountExists();

    @Message("The provider did not confirm an e-mail address, so no account could be set up with it.")
    String login_social_emailUnverified();

    @Message("That sign-in could not be linked to this account.")
    String login_social_notLinked();

    @Message("Sign-in is not possible with this account.")
    String login_social_notAllowed();

    @Message("The sign-in provider did not complete the sign-in. Please try again.")
    String login_social_providerError();

    @Message("Sign-in did not complete. Please try again.")
    String login_social_failed();

    @Message("That code is not right. Please try again.")
    String login_codeIncorrect();

    @Message("Your sign-in expired. Please sign in again.")
    String login_stepExpired();

    // ---- the code step (mfa.html)
    @Message("Backup codes")
    String mfa_titleCodes();

    @Message("Set up two-factor sign-in")
    String mfa_titleEnroll();

    @Message("Two-factor sign-in")
    String mfa_title();

    @Message("Save your backup codes")
    String mfa_codesHeading();

    @Message("Each code signs you in once if you lose your authenticator app. Keep them somewhere safe: they are shown only now.")
    String mfa_codesText();

    @Message("Continue")
    String mfa_continue();

    @Message("This account must use an authenticator app. Scan the code with the app, or type the key, then enter the six-digit code it shows.")
    String mfa_enrollText();

    @Message("QR code for the authenticator app")
    String mfa_qrAlt();

    @Message("Key:")
    String mfa_key();

    @Message("Enter the six-digit code from your authenticator app, or one of your backup codes.")
    String mfa_text();

    @Message("Code from the app")
    String mfa_codeFromApp();

    @Message("Code")
    String mfa_code();

    @Message("Turn on and sign in")
    String mfa_enrollSubmit();

    @Message("Verify")
    String mfa_verify();

    @Message("Start over")
    String mfa_startOver();

    // ---- signed-in.html
    @Message("Signed in")
    String signedIn_title();

    @Message("You are signed in")
    String signedIn_heading();

    @Message("Your session is active. You can return to the application.")
    String signedIn_text();

    @Message("Your account")
    String signedIn_account();

    // ---- consent.html and the OpenID Provider's messages (oidc-message.html)
    @Message("Allow access")
    String consent_title();

    @Message("Allow {client}?")
    String consent_heading(String client);

    @Message("{client} ({clientId}) asks to sign you in and to see:")
    String consent_text(String client, String clientId);

    @Message("Allow")
    String consent_allow();

    @Message("Deny")
    String consent_deny();

    @Message("Not allowed")
    String oidc_notAllowedTitle();

    @Message("This answer did not come from the consent page. Nothing was allowed.")
    String oidc_notAllowed();

    @Message("Not understood")
    String oidc_notUnderstoodTitle();

    @Message("Choose Allow or Deny.")
    String oidc_chooseAllowOrDeny();

    @Message("Too many requests")
    String oidc_tooManyTitle();

    @Message("Too many sign-in requests. Please wait a minute.")
    String oidc_tooMany();

    @Message("Sign-in failed")
    String oidc_failedTitle();

    @Message("The sign-in request is malformed.")
    String oidc_malformed();

    @Message("The sign-in request is malformed: a parameter is repeated.")
    String oidc_repeatedParameter();

    @Message("This sign-in request has expired. Please go back to the application and start again.")
    String oidc_requestExpired();

    @Message("The application that sent you here is not registered, or not allowed to sign people in.")
    String oidc_unknownClient();

    @Message("The application asked to return you to an address it has not registered. Nothing was sent to it.")
    String oidc_unregisteredRedirect();

    @Message("Signed out")
    String oidc_signedOutTitle();

    @Message("You are signed out.")
    String oidc_signedOut();

    @Message("You are signed out. The application's return address is not registered, so you stay here.")
    String oidc_signedOutStay();

    @Message("Sign-out failed")
    String oidc_signOutFailedTitle();

    @Message("The sign-out request is malformed: a parameter is repeated.")
    String oidc_logoutRepeated();

    @Message("The sign-out request carries an ID token that is not ours.")
    String oidc_logoutForeignHint();

    @Message("The sign-out request names two different applications.")
    String oidc_logoutTwoClients();
    // ---- sign-up (signup.html)
    @Message("Create an account")
    String signup_title();

    @Message("Name (optional)")
    String signup_displayName();

    @Message("At least {min} characters. A few unrelated words make a strong password.")
    String signup_passwordHint(int min);

    @Message("Create account")
    String signup_submit();

    @Message("Already have an account?")
    String signup_haveAccount();

    @Message("Check your mail")
    String signup_doneTitle();

    @Message("Your account is created. Confirm your e-mail address with the link we sent to {email}, then sign in.")
    String signup_doneText(String email);

    @Message("An account with this e-mail address already exists. Sign in, or reset your password if you forgot it.")
    String signup_emailTaken();

    // ---- sign-out (logout.html, signed-out.html)
    @Message("Sign out")
    String logout_title();

    @Message("Sign out?")
    String logout_heading();

    @Message("This ends your session in this browser. Your other sessions stay signed in.")
    String logout_text();

    @Message("Sign out")
    String logout_submit();

    @Message("Cancel")
    String logout_cancel();

    @Message("You are not signed in in this browser.")
    String logout_notSignedIn();

    @Message("Signed out")
    String logout_doneTitle();

    @Message("You are signed out")
    String logout_doneHeading();

    @Message("Your session in this browser has ended.")
    String logout_doneText();

    @Message("Every session of your account has ended, in this browser and everywhere else.")
    String logout_everywhereText();

    @Message("Sign in again")
    String logout_signInAgain();

    // ---- the account page (account.html, account-secret.html)
    @Message("Your account")
    String account_title();

    @Message("Profile")
    String account_profile();

    @Message("Name")
    String account_name();

    @Message("not set")
    String account_noName();

    @Message("verified")
    String account_verified();

    @Message("not verified")
    String account_unverified();

    @Message("Member since")
    String account_memberSince();

    @Message("Sign out")
    String account_signOut();

    @Message("Password")
    String account_password();

    @Message("Current password")
    String account_currentPassword();

    @Message("New password")
    String account_newPassword();

    @Message("Code from your authenticator app, or a backup code")
    String account_code();

    @Message("Sign out my other sessions")
    String account_endOthers();

    @Message("Change password")
    String account_changePassword();

    @Message("Your password was changed.")
    String account_passwordChanged();

    @Message("This account signs in with a provider only and has no password.")
    String account_noPassword();

    @Message("Sessions")
    String account_sessions();

    @Message("Browser")
    String account_sessionBrowser();

    @Message("App or script")
    String account_sessionToken();

    @Message("this browser")
    String account_thisSession();

    @Message("Signed in {when}")
    String account_signedInAt(String when);

    @Message("last used {when}")
    String account_lastUsed(String when);

    @Message("Sign out this one")
    String account_endSession();

    @Message("Sign out everywhere")
    String account_endAll();

    @Message("The session was ended.")
    String account_sessionEnded();

    @Message("Linked sign-ins")
    String account_identities();

    @Message("Linked as {who}")
    String account_linkedAs(String who);

    @Message("Not linked")
    String account_notLinked();

    @Message("Link {provider}")
    String account_link(String provider);

    @Message("Unlink {provider}")
    String account_unlink(String provider);

    @Message("{provider} was linked.")
    String account_linked(String provider);

    @Message("On to {provider}")
    String account_continueTitle(String provider);

    @Message("Sign in at {provider} with the account you want to link. You come back here afterwards.")
    String account_continueText(String provider);

    @Message("The sign-in was unlinked.")
    String account_identityUnlinked();

    @Message("No sign-in providers are configured.")
    String account_noProviders();

    @Message("Two-factor sign-in")
    String account_mfa();

    @Message("On: {left} backup codes left.")
    String account_mfaOn(int left);

    @Message("Off. With an authenticator app, a stolen password alone cannot open your account.")
    String account_mfaOff();

    @Message("Set up an authenticator app")
    String account_mfaStart();

    @Message("Scan the code with your authenticator app, or type the key, then enter the six-digit code it shows.")
    String account_mfaEnrollText();

    @Message("Turn on")
    String account_mfaConfirm();

    @Message("Turn off")
    String account_mfaDisable();

    @Message("New backup codes")
    String account_mfaRegenerate();

    @Message("Two-factor sign-in is off.")
    String account_mfaDisabled();

    @Message("Two-factor sign-in is on.")
    String account_mfaEnabled();

    @Message("Back to your account")
    String account_back();

    @Message("API keys")
    String account_apiKeys();

    @Message("Name of the key")
    String account_apiKeyName();

    @Message("Valid for (days)")
    String account_apiKeyDays();

    @Message("Scopes")
    String account_apiKeyScopes();

    @Message("Create key")
    String account_apiKeyCreate();

    @Message("Revoke")
    String account_apiKeyRevoke();

    @Message("Your new API key")
    String account_apiKeyCreatedTitle();

    @Message("Copy the key now: it is shown only this once.")
    String account_apiKeyCreatedText();

    @Message("The key was revoked.")
    String account_apiKeyRevoked();

    @Message("expires {when}")
    String account_apiKeyExpires(String when);

    @Message("never expires")
    String account_apiKeyNeverExpires();

    @Message("No API keys yet.")
    String account_noApiKeys();

    @Message("For this, you must have signed in within the last {minutes} minutes. Sign in again, then try once more.")
    String account_recentSignInRequired(long minutes);

    @Message("Sign in again")
    String account_signInAgain();

    // ---- refusals of the services, in the reader's language (ProblemTexts)
    @Message("Enter a password.")
    String problem_passwordMissing();

    @Message("The password must have at most {max} characters.")
    String problem_passwordTooLong(int max);

    @Message("The password contains a character that is not valid text.")
    String problem_passwordInvalidCharacter();

    @Message("The password must have at least {min} characters.")
    String problem_passwordTooShort(int min);

    @Message("This password is one of the most common passwords; choose another.")
    String problem_passwordCommon();

    @Message("The password must not contain your e-mail address.")
    String problem_passwordContainsEmail();

    @Message("The password is too easy to guess; use a longer phrase or more varied characters.")
    String problem_passwordTooWeak();

    @Message("This password appears in a known data breach; choose another.")
    String problem_passwordBreached();

    @Message("Enter an e-mail address.")
    String problem_emailMissing();

    @Message("The e-mail address is not valid.")
    String problem_emailInvalid();

    @Message("The name is too long or contains characters that are not allowed.")
    String problem_nameInvalid();

    @Message("The current password is not correct.")
    String problem_currentPasswordWrong();

    @Message("Enter a code from your authenticator app or a backup code.")
    String problem_codeRequired();

    @Message("That code is not right. Please try again.")
    String problem_codeInvalid();

    @Message("Two-factor sign-in is already on.")
    String problem_mfaAlreadyOn();

    @Message("This set-up expired. Please start again.")
    String problem_mfaNotStarted();

    @Message("Two-factor sign-in is off.")
    String problem_mfaOff();

    @Message("This is the account's only way to sign in; set a password, add a passkey or link another provider first.")
    String problem_lastSignInMethod();

    @Message("This provider is not linked to your account.")
    String problem_identityNotLinked();

    @Message("Give the key a name (visible characters only).")
    String problem_keyName();

    @Message("Choose at least one scope the key may carry.")
    String problem_keyScopes();

    @Message("Enter how many days the key is valid (up to {max}).")
    String problem_keyExpiry(long max);

    @Message("You hold the most API keys allowed; revoke one first.")
    String problem_keyLimit();

    @Message("Something changed meanwhile. Please try again.")
    String problem_conflict();

    @Message("That did not work. Please check the form and try again.")
    String problem_other();

    @Message("The service is unavailable at the moment. Please try again shortly.")
    String problem_unavailable();
}
