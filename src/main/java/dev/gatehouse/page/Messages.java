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
}
