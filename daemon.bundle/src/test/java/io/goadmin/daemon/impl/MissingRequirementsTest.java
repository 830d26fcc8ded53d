package io.goadmin.daemon.impl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.resource.Requirement;
import org.osgi.resource.Resource;

class MissingRequirementsTest {

    @Test
    void describesAnImportAsAPackageAndItsRange() {
        assertThat(MissingRequirements.describe(requirement("osgi.wiring.package",
                "(&(osgi.wiring.package=org.example.missing)(version>=1.0.0)(!(version>=2.0.0)))")))
                .isEqualTo("package org.example.missing [1.0.0,2.0.0)");
        assertThat(MissingRequirements.describe(requirement("osgi.wiring.package",
                "(&(osgi.wiring.package=org.example.open)(version>=1.2.0))")))
                .isEqualTo("package org.example.open 1.2.0 or later");
        assertThat(MissingRequirements.describe(requirement("osgi.wiring.package", "(osgi.wiring.package=org.any)")))
                .isEqualTo("package org.any");
    }

    @Test
    void describesAnyOtherRequirementByNamespaceAndFilter() {
        assertThat(MissingRequirements.describe(requirement("osgi.ee", "(&(osgi.ee=JavaSE)(version=21))")))
                .isEqualTo("osgi.ee (&(osgi.ee=JavaSE)(version=21))");
    }

    private static Requirement requirement(String namespace, String filter) {
        return new Requirement() {
            @Override
            public String getNamespace() {
                return namespace;
            }

            @Override
            public Map<String, String> getDirectives() {
                return Map.of("filter", filter);
            }

            @Override
            public Map<String, Object> getAttributes() {
                return Map.of();
            }

            @Override
            public Resource getResource() {
                return null;
            }
        };
    }
}
