package dev.gatehouse.passkey;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * The texts of the passkey pieces of the hosted pages ({@code {passkey:key}}; the script's messages
 * reach it as {@code data-msg-*} attributes, so it holds no text of its own); German in
 * {@code messages/passkey_de.properties}.
 */
@MessageBundle(value = "passkey", locale = "en")
public interface PasskeyMessages {

    @Message("or")
    String or();

    @Message("Sign in with a passkey")
    String signIn();

    @Message("Use a passkey")
    String useForCode();

    @Message("That passkey was not accepted. Please try again or use your password.")
    String signInRefused();

    @Message("Signing in with a passkey did not complete. Please try again or use your password.")
    String signInIncomplete();

    @Message("That passkey was not accepted. Please try again or enter a code.")
    String codeRefused();

    @Message("Using the passkey did not complete. Please try again or enter a code.")
    String codeIncomplete();

    @Message("Passkeys")
    String page_title();

    @Message("A passkey signs you in without a password, with your device's screen lock or security key.")
    String page_intro();

    @Message("added {created}")
    String page_added(String created);

    @Message("last used {lastUsed}")
    String page_lastUsed(String lastUsed);

    @Message("synced")
    String page_synced();

    @Message("Remove")
    String page_remove();

    @Message("Remove the passkey {name}")
    String page_removeLabel(String name);

    @Message("You have no passkeys yet.")
    String page_none();

    @Message("Name of the new passkey")
    String page_name();

    @Message("e.g. Work laptop")
    String page_namePlaceholder();

    @Message("Add a passkey")
    String page_add();

    @Message("Adding a passkey needs a recent sign-in:")
    String page_stale();

    @Message("sign in again")
    String page_signInAgain();

    @Message("first.")
    String page_staleEnd();

    @Message("Manage passkeys")
    String account_manage();

    @Message("Back to your account")
    String page_backToAccount();

    @Message("Give the passkey a name first.")
    String page_nameMissing();

    @Message("Adding a passkey needs a recent sign-in. Please sign in again.")
    String page_needsRecent();

    @Message("The passkey could not be added:")
    String page_notAdded();

    @Message("Adding the passkey did not complete. Please try again.")
    String page_incomplete();

    @Message("That passkey is your only way to sign in, so it cannot be removed. Add another passkey or a password first.")
    String error_lastWay();

    @Message("That passkey is your only second factor, which your role requires, so it cannot be removed. Turn on an authenticator app or add another passkey first.")
    String error_lastFactor();

    @Message("That passkey no longer exists.")
    String error_notFound();

    @Message("The page expired. Please try again.")
    String error_expired();

    @Message("That did not work. Please try again.")
    String error_other();
}
