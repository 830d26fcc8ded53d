package io.goadmin.shell.impl;

import java.io.IOException;
import java.nio.channels.SocketChannel;

import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/** The Unix user at the other end of a control-socket connection, from the kernel ({@code SO_PEERCRED}). */
final class PeerIdentity {
    /** The subject when the platform cannot tell who connected. */
    static final String UNKNOWN = "unknown";

    private PeerIdentity() {
    }

    /** The peer's user name, {@code uid:N} if the user has no name, or {@link #UNKNOWN}. */
    static String of(SocketChannel channel) {
        try {
            UnixDomainPrincipal principal = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
            String name = principal.user().getName();
            return !name.isEmpty() && name.chars().allMatch(Character::isDigit) ? "uid:" + name : name;
        } catch (IOException | UnsupportedOperationException e) {
            return UNKNOWN;
        }
    }
}
