package io.goadmin.shell.impl;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;

import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * Who is at the other end of a control-socket connection, from the kernel ({@code SO_PEERCRED}), as an audit
 * subject: {@code uid:1000(alice)} when the uid is known, else the user name ({@code uid:N} if it has none).
 *
 * <p>The JDK gives the peer's user name, not its uid. The socket is owner-only, so a peer is the daemon's own user
 * (whose uid is the socket file's owner) or root (uid 0); for anyone else the name alone is recorded.
 */
final class PeerIdentity {
    /** The subject when the platform cannot tell who connected. */
    static final String UNKNOWN = "unknown";

    private final Map<String, Integer> knownUids;

    private PeerIdentity(Map<String, Integer> knownUids) {
        this.knownUids = knownUids;
    }

    /** Knows the uid of the user owning {@code socket} (the daemon's) and of root. */
    static PeerIdentity forSocket(Path socket) {
        try {
            String owner = Files.getOwner(socket, LinkOption.NOFOLLOW_LINKS).getName();
            Object uid = Files.getAttribute(socket, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            if (uid instanceof Integer number && !owner.equals("root")) {
                return new PeerIdentity(Map.of(owner, number, "root", 0));
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            // no unix attributes here: names only, and root's uid
        }
        return new PeerIdentity(Map.of("root", 0));
    }

    /** The audit subject for the peer of {@code channel}. */
    String of(SocketChannel channel) {
        String name;
        try {
            UnixDomainPrincipal principal = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
            name = principal.user().getName();
        } catch (IOException | UnsupportedOperationException e) {
            return UNKNOWN;
        }
        if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
            return "uid:" + name;
        }
        Integer uid = knownUids.get(name);
        return uid == null ? name : "uid:" + uid + "(" + name + ")";
    }
}
