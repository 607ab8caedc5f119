package dev.gatehouse.account;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.UUID;

/** Test-only set-up that the API cannot do: accounts with a given (legacy) hash, stored hashes. */
@ApplicationScoped
public class AccountFixtures {

    @Transactional
    public UUID createWithHash(String email, String hash) {
        Account a = new Account();
        a.id = UUID.randomUUID();
        a.email = EmailAddress.normalise(email);
        a.passwordHash = hash;
        a.roles = Account.ROLE_USER;
        a.active = true;
        a.createdAt = Instant.now();
        a.updatedAt = a.createdAt;
        a.persist();
        return a.id;
    }

    @Transactional
    public String storedHash(UUID id) {
        return Account.<Account>findById(id).passwordHash;
    }
}
