package org.acme.manage.harness;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import org.acme.manage.ManageException;

/** Ports on 127.0.0.1 picked by the operating system, for servers that the harness starts. */
public final class FreePort {

    public static final String LOOPBACK = "127.0.0.1";

    private FreePort() {
    }

    /**
     * A port that was free a moment ago on 127.0.0.1 (the OS picks it). The caller binds it soon after; a program
     * that takes it in between makes the start fail clearly, not silently.
     */
    public static int pick() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new ManageException("cannot find a free port on " + LOOPBACK + ": " + e.getMessage(), e);
        }
    }
}
