package dev.gatehouse.password;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;

/** The breached-password check switched on, against {@link HibpStub}. */
public class HibpProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(HibpStub.class));
    }
}
