package org.acme.manage.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.acme.manage.ManageException;

/**
 * A TCP relay on 127.0.0.1 (a port the OS picks) to one target, with two threads per connection. {@link #silence}
 * stops it forwarding in both directions without closing anything, as a network partition does: the bytes wait in
 * the relay and the kernel's buffers, and both ends see only silence. {@link #resume} lets them through again.
 */
public final class TcpRelay implements AutoCloseable {

    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Object gate = new Object();
    private boolean silent;

    private TcpRelay(ServerSocket listener, InetSocketAddress target) {
        this.listener = listener;
        this.target = target;
    }

    public static TcpRelay start(String targetHost, int targetPort) {
        try {
            ServerSocket listener = new ServerSocket(0, 200, InetAddress.getByName(FreePort.LOOPBACK));
            TcpRelay relay = new TcpRelay(listener, new InetSocketAddress(targetHost, targetPort));
            daemon("tcp-relay-accept", relay::accept);
            return relay;
        } catch (IOException e) {
            throw new ManageException("cannot start the TCP relay: " + e.getMessage(), e);
        }
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Stops forwarding, in both directions, on every connection (new ones too); nothing is closed. */
    public void silence() {
        synchronized (gate) {
            silent = true;
        }
    }

    /** Forwards again, starting with what waited. */
    public void resume() {
        synchronized (gate) {
            silent = false;
            gate.notifyAll();
        }
    }

    /** The connections open through the relay. */
    public int connections() {
        return sockets.size() / 2;
    }

    @Override
    public void close() {
        resume();
        try {
            listener.close();
        } catch (IOException e) {
            // closing anyway
        }
        sockets.forEach(TcpRelay::closeQuietly);
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket();
                try {
                    server.connect(target, 5000);
                } catch (IOException e) {
                    closeQuietly(client);
                    continue;
                }
                sockets.add(client);
                sockets.add(server);
                daemon("tcp-relay-up", () -> pump(client, server));
                daemon("tcp-relay-down", () -> pump(server, client));
            } catch (IOException e) {
                // the listener was closed
            }
        }
    }

    /**
     * Copies {@code from} to {@code to} while not silent; when either side ends, closes both, once not silent (a
     * partition lets no close through either).
     */
    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16384];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                awaitForwarding();
                out.write(buffer, 0, read);
            }
        } catch (IOException e) {
            // one side closed or reset: the other is closed below
        } finally {
            awaitForwarding();
            closeQuietly(from);
            closeQuietly(to);
            sockets.remove(from);
            sockets.remove(to);
        }
    }

    private void awaitForwarding() {
        synchronized (gate) {
            while (silent) {
                try {
                    gate.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    private static void daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }
}
