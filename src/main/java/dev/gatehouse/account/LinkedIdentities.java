package dev.gatehouse.account;

import java.util.List;
import java.util.UUID;

/** The providers (google, github) linked to an account; the social package answers it. */
public interface LinkedIdentities {

    List<String> providersOf(UUID accountId);
}
