package dev.gatehouse.social;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;

/**
 * A social provider without a client id is off: unless {@code quarkus.oidc.<provider>.tenant-enabled}
 * is set explicitly, it is {@code true} exactly when {@code quarkus.oidc.<provider>.client-id} is set.
 * So an operator switches Google on by setting {@code QUARKUS_OIDC_GOOGLE_CLIENT_ID} (and its secret),
 * and a deployment without it never contacts Google. Registered in
 * {@code META-INF/services/io.smallrye.config.ConfigSourceInterceptor}.
 */
public class SocialTenantSwitch implements ConfigSourceInterceptor {

    private static final String PREFIX = "quarkus.oidc.";
    private static final String ENABLED = ".tenant-enabled";

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        if (!name.startsWith(PREFIX) || !name.endsWith(ENABLED) || isExplicit(value)) {
            return value;
        }
        String tenant = name.substring(PREFIX.length(), name.length() - ENABLED.length());
        if (SocialProvider.byId(tenant).isEmpty()) {
            return value;
        }
        ConfigValue clientId = context.proceed(PREFIX + tenant + ".client-id");
        boolean on = clientId != null && clientId.getValue() != null && !clientId.getValue().isBlank();
        return ConfigValue.builder().withName(name).withValue(Boolean.toString(on))
                .withConfigSourceName("gatehouse: social provider on when its client id is set").build();
    }

    /** Set by someone, not quarkus-oidc's own default (which lives in the lowest-ordinal defaults source). */
    private static boolean isExplicit(ConfigValue value) {
        return value != null && value.getConfigSourceOrdinal() != Integer.MIN_VALUE;
    }
}
