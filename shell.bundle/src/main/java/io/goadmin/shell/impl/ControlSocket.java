package io.goadmin.shell.impl;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.goadmin.core.units.DataSizes;
import io.goadmin.core.units.Durations;

/**
 * The control socket the {@code goadmin} command line talks to, configured by {@code etc/goadmin.shell.cfg}. It does
 * not start with a half-valid configuration: a bad value is logged in one line and activation fails.
 */
@Component(service = {}, immediate = true, configurationPid = ControlSocket.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ControlSocket.Config.class)
public final class ControlSocket {
    /** The configuration PID: {@code etc/goadmin.shell.cfg}. */
    public static final String PID = "goadmin.shell";
    /** The socket under the daemon home when {@code socket.path} is not set. */
    public static final String DEFAULT_SOCKET = "run/goadmin.sock";

    /** The control socket's settings. */
    @ObjectClassDefinition(name = "goadmin control socket",
            description = "The local socket through which the goadmin command line runs the goadmin commands.")
    public @interface Config {
        /** Where to listen. */
        @AttributeDefinition(name = "Socket path", description = "The Unix socket the goadmin command line connects"
                + " to. Empty means run/goadmin.sock under the daemon home. Keep it under 100 bytes.")
        String socket_path() default "";

        /** How many clients are served at once. */
        @AttributeDefinition(name = "Maximum connections", description = "How many goadmin commands may run at once"
                + " through the socket; more are refused with a message to try again (1 to 64).")
        int max_connections() default 8;

        /** The largest request. */
        @AttributeDefinition(name = "Maximum request size", description = "The largest request a client may send,"
                + " such as 64KB; larger ones are refused.")
        String max_request_bytes() default "64KB";

        /** How long a client may stall. */
        @AttributeDefinition(name = "Read timeout", description = "How long a client may take to send its request,"
                + " or to take one line of output, before it is disconnected, such as 5s.")
        String read_timeout() default "5s";
    }

    private final SocketServer server;

    /** Activated by DS. */
    @Activate
    public ControlSocket(BundleContext context, Config config, @Reference GoadminCommands commands,
            @Reference(service = LoggerFactory.class) Logger log) {
        this(config, context::getProperty, commands, log);
    }

    /** For tests: {@code frameworkProperties} answers {@code goadmin.home}. */
    ControlSocket(Config config, UnaryOperator<String> frameworkProperties, GoadminCommands commands, Logger log) {
        SocketServer.Settings settings;
        try {
            settings = settings(config, frameworkProperties.apply("goadmin.home"));
        } catch (IllegalArgumentException e) {
            log.error("configuration {} is invalid: {}", PID, e.getMessage());
            throw e;
        }
        try {
            this.server = SocketServer.start(settings, commands, log);
        } catch (IOException e) {
            log.error("{}: the control socket {} cannot start: {}", PID, settings.socket(), e.getMessage());
            throw new IllegalStateException("the control socket cannot start: " + e.getMessage(), e);
        }
        log.info("control socket listening on {} (at most {} clients)", settings.socket(), settings.maxConnections());
    }

    /** The checked settings, or an exception naming the property, the value and the accepted form. */
    static SocketServer.Settings settings(Config config, String home) {
        Path socket;
        if (config.socket_path() == null || config.socket_path().isBlank()) {
            if (home == null || home.isBlank()) {
                throw new IllegalArgumentException("socket.path is not set and neither is the framework property"
                        + " goadmin.home: set one of them");
            }
            socket = Path.of(home).resolve(DEFAULT_SOCKET);
        } else {
            socket = Path.of(config.socket_path().trim());
        }
        if (!socket.isAbsolute()) {
            throw new IllegalArgumentException("socket.path '" + socket + "' must be an absolute path");
        }
        int connections = config.max_connections();
        if (connections < 1 || connections > 64) {
            throw new IllegalArgumentException("max.connections '" + connections + "' must be from 1 to 64");
        }
        long requestBytes = DataSizes.parse("max.request.bytes", config.max_request_bytes());
        if (requestBytes < 1024 || requestBytes > 1024 * 1024) {
            throw new IllegalArgumentException("max.request.bytes '" + config.max_request_bytes()
                    + "' must be from 1KB to 1MB");
        }
        Duration timeout = Durations.parseAtLeast("read.timeout", config.read_timeout(), Duration.ofMillis(100));
        return new SocketServer.Settings(socket, connections, (int) requestBytes, timeout);
    }

    /** Stops listening, ends open connections and removes the socket file. */
    @Deactivate
    void deactivate() {
        server.close();
    }
}
