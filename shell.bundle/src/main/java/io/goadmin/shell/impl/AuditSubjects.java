package io.goadmin.shell.impl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What {@code audit --subject} may be given, and the stored subjects it names. Subjects are stored as
 * {@code uid:0(root)} for the users whose uid the daemon knows (root and its own user, see {@link PeerIdentity}),
 * {@code uid:N} for a uid without a name, and a bare name otherwise ({@code goadmin} for the daemon's own actions);
 * a user types {@code root}, {@code 0} or the subject as shown.
 */
final class AuditSubjects {
    private static final String UID = "uid:";

    /** User name to uid, for the users stored as {@code uid:N(name)}. */
    private final Map<String, Integer> uids;

    AuditSubjects(Map<String, Integer> uids) {
        this.uids = Map.copyOf(uids);
    }

    /** Root, and the user this process runs as (its uid from Linux's /proc/self). */
    static AuditSubjects ofThisProcess() {
        Map<String, Integer> uids = new HashMap<>();
        uids.put("root", 0);
        String name = System.getProperty("user.name");
        try {
            if (name != null && Files.getAttribute(Path.of("/proc/self"), "unix:uid") instanceof Integer uid) {
                uids.putIfAbsent(name, uid);
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            // root alone
        }
        return new AuditSubjects(uids);
    }

    /** The stored subjects {@code typed} names: itself, and for a user name or a uid, its {@code uid:N(name)} form. */
    Set<String> matching(String typed) {
        String text = typed.trim();
        Set<String> subjects = new LinkedHashSet<>();
        if (text.startsWith(UID)) {
            subjects.add(text);
        } else if (!text.isEmpty() && text.chars().allMatch(Character::isDigit)) {
            subjects.add(UID + text);
            uids.forEach((name, uid) -> {
                if (text.equals(uid.toString())) {
                    subjects.add(UID + uid + "(" + name + ")");
                }
            });
        } else {
            subjects.add(text);
            Integer uid = uids.get(text);
            if (uid != null) {
                subjects.add(UID + uid + "(" + text + ")");
            }
        }
        return subjects;
    }
}
