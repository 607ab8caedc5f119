package dev.gatehouse.protection;

import java.util.HashMap;
import java.util.Map;

/** The strict profile with a small per-account login limit. */
public class AccountLimitProfile extends StrictLimitsProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> m = new HashMap<>(super.getConfigOverrides());
        m.put("gatehouse.protection.login-per-account", "4");
        m.put("gatehouse.protection.login-per-address", "1000");
        return m;
    }
}
