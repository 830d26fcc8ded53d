package io.goadmin.daemon.impl;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps one failure from filling the console. When a component fails to activate, SCR retries it for every
 * consumer and logs its own copy of the cause, plus the consumers' "could not get service" complaints: a dozen lines
 * for one problem. This lets the first line through and holds back repeats of the same message (or the same root
 * cause) within a window, a wrapper whose root cause a line shown in the window already says (our components log
 * one clear line, then throw; SCR's "Error during instantiation" would repeat it), and SCR's follow-on complaints
 * that only say a dependency is missing.
 */
final class RepeatFilter {
    /** SCR and framework lines that only restate that a dependency, already reported, is missing. */
    private static final List<String> CONSEQUENCES = List.of(
            "Could not get service from ref",
            "Unable to get service for reference",
            "Service not available from service registry",
            "Service factory returned null",
            "Could not obtain all required dependencies");
    private static final int REMEMBERED = 64;

    private final long windowMillis;
    private final Map<String, Long> lastShown = new LinkedHashMap<>();

    RepeatFilter(long windowMillis) {
        this.windowMillis = windowMillis;
    }

    /** True if a line with this message (and this root cause, if any) should be printed at {@code now}. */
    synchronized boolean admit(long now, String message, String rootCause) {
        String text = message == null ? "" : message;
        if (isUnresolvedDeploy(text, rootCause)) {
            return false;
        }
        for (String consequence : CONSEQUENCES) {
            if (text.contains(consequence) || rootCause != null && rootCause.contains(consequence)) {
                return false;
            }
        }
        String key = rootCause != null ? rootCause : text;
        Long previous = lastShown.get(key);
        if (previous != null && now - previous < windowMillis || rootCause != null && alreadySaid(now, rootCause)) {
            return false;
        }
        lastShown.remove(key);
        lastShown.put(key, now);
        if (lastShown.size() > REMEMBERED) {
            Iterator<String> oldest = lastShown.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        return true;
    }

    /**
     * FileInstall's raw resolver message for a bundle in deploy/ that cannot resolve: the hot deploy line says it
     * in words (what is missing), once.
     */
    private static boolean isUnresolvedDeploy(String message, String rootCause) {
        return message.startsWith("Error while starting bundle: ") && rootCause != null
                && rootCause.startsWith("Unable to resolve ");
    }

    /** True if a line shown within the window contains {@code cause}: the wrapper only repeats it. */
    private boolean alreadySaid(long now, String cause) {
        return !cause.isBlank() && lastShown.entrySet().stream()
                .anyMatch(shown -> now - shown.getValue() < windowMillis && shown.getKey().contains(cause));
    }
}
