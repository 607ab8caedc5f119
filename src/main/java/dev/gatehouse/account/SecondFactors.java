package dev.gatehouse.account;

import java.util.UUID;

/** An account's second factors as its view shows them; the mfa package answers it. */
public interface SecondFactors {

    AccountView.Mfa stateOf(UUID accountId);
}
