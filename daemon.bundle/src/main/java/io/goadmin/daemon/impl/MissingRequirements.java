package io.goadmin.daemon.impl;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.resource.Namespace;
import org.osgi.resource.Requirement;

/**
 * Why a bundle cannot resolve, in words: the packages (and other requirements) nothing installed provides. The
 * framework says it only to whoever calls {@code start}, as a long resolver message.
 */
final class MissingRequirements {
    private static final Pattern PACKAGE = Pattern.compile("\\(osgi\\.wiring\\.package=([^)]+)\\)");
    private static final Pattern FLOOR = Pattern.compile("(?<!!)\\(version>=([^)]+)\\)");
    private static final Pattern CEILING = Pattern.compile("\\(!\\(version>=([^)]+)\\)\\)");

    private MissingRequirements() {
    }

    /**
     * Resolves {@code bundle} if it can be; if not, says what it needs that nobody provides (or, when every
     * requirement has a provider, that they conflict). Null when it resolves.
     */
    static String of(Bundle bundle, FrameworkWiring framework) {
        if (bundle.getState() != Bundle.INSTALLED || framework.resolveBundles(List.of(bundle))) {
            return null;
        }
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        if (revision == null) {
            return "the framework cannot resolve it";
        }
        List<String> missing = new ArrayList<>();
        for (Requirement requirement : revision.getRequirements(null)) {
            String resolution = requirement.getDirectives().get(Namespace.REQUIREMENT_RESOLUTION_DIRECTIVE);
            String effective = requirement.getDirectives().get(Namespace.REQUIREMENT_EFFECTIVE_DIRECTIVE);
            if (Namespace.RESOLUTION_OPTIONAL.equals(resolution)
                    || effective != null && !Namespace.EFFECTIVE_RESOLVE.equals(effective)) {
                continue;
            }
            if (framework.findProviders(requirement).isEmpty()) {
                missing.add(describe(requirement));
            }
        }
        return missing.isEmpty()
                ? "the framework cannot resolve it, although every requirement has a provider (a uses conflict)"
                : "it needs " + String.join(", ", missing) + ", which no installed bundle provides";
    }

    /** {@code package org.x [1.0.0,2.0.0)} for an import; the namespace and filter for anything else. */
    static String describe(Requirement requirement) {
        String filter = requirement.getDirectives().getOrDefault(Constants.FILTER_DIRECTIVE, "");
        Matcher name = PACKAGE.matcher(filter);
        if (PackageNamespace.PACKAGE_NAMESPACE.equals(requirement.getNamespace()) && name.find()) {
            Matcher floor = FLOOR.matcher(filter);
            Matcher ceiling = CEILING.matcher(filter);
            String low = floor.find() ? floor.group(1) : null;
            String high = ceiling.find() ? ceiling.group(1) : null;
            String range = low == null ? "" : high == null ? " " + low + " or later" : " [" + low + "," + high + ")";
            return "package " + name.group(1) + range;
        }
        return requirement.getNamespace() + " " + filter;
    }
}
