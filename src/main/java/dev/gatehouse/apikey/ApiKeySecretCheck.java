package dev.gatehouse.apikey;

import dev.gatehouse.common.StartupCheck;
import jakarta.enterprise.context.ApplicationScoped;

/** Refuses to start, before the migrations, with a {@code GATEHOUSE_API_KEY_SECRET} shorter than 32 characters. */
@ApplicationScoped
public class ApiKeySecretCheck implements StartupCheck {

    static final int MIN_LENGTH = 32;

    private final ApiKeyConfig config;

    public ApiKeySecretCheck(ApiKeyConfig config) {
        this.config = config;
    }

    @Override
    public void check() {
        if (config.secret().length() < MIN_LENGTH) {
            throw new IllegalStateException("GATEHOUSE_API_KEY_SECRET must have at least " + MIN_LENGTH + " characters");
        }
    }
}
