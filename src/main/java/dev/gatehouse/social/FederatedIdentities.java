package dev.gatehouse.social;

import dev.gatehouse.account.LinkedIdentities;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

/** Answers the account package's question: which providers are linked to an account. */
@ApplicationScoped
public class FederatedIdentities implements LinkedIdentities {

    @Override
    public List<String> providersOf(UUID accountId) {
        return FederatedIdentity.<FederatedIdentity>list("accountId = ?1 order by provider", accountId).stream()
                .map(i -> i.provider).toList();
    }
}
