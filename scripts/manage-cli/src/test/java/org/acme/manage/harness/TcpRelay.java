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
import java.util.function.Supplier;

import org.acme.manage.ManageException;

/**
 * A TCP relay on 127.0.0.1 (a port the OS picks) to one target, with two threads per connection. {@link #silence}
 * stops it forwarding in both directions without closing anything, as a network partition does: the bytes wait in
 * the relay and the kernel's buffers, and both ends see only silence. {@link #resume} lets them through again. A
 * {@link Tap} sees the bytes each client sends, as they are forwarded.
 */
public final class TcpRelay implements AutoCloseable {

    /** What one connection's client sends, in whatever pieces TCP delivers it. */
    public interface Tap {
        void feed(byte[] buffer, int offset, int length);
    }

    private static final Tap NO_TAP = (buffer, offset, length) -> {
    };

    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final Supplier<Tap> taps;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Object gate = new Object();
    private boolean silent;

    private TcpRelay(ServerSocket listener, InetSocketAddress target, Supplier<Tap> taps) {
        this.listener = listener;
        this.target = target;
        this.taps = taps;
    }

    public static TcpRelay start(String targetHost, int targetPort) {
        return start(targetHost, targetPort, () -> NO_TAP);
    }

    /** A relay whose every connection gets a tap of its own from {@code taps}. */
    public static TcpRelay start(String targetHost, int targetPort, Supplier<Tap> taps) {
        try {
            ServerSocket listener = new ServerSocket(0, 200, InetAddress.getByName(FreePort.LOOPBACK));
            TcpRelay relay = new TcpRelay(listener, new InetSocketAddress(targetHost, targetPort), taps);
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
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(server);
                Tap tap = taps.get();
                daemon("tcp-relay-up", () -> pump(client, server, tap));
                daemon("tcp-relay-down", () -> pump(server, client, NO_TAP));
            } catch (IOException e) {
                // the listener was closed
            }
        }
    }

    /**
     * Copies {@code from} to {@code to} while not silent; when either side ends, closes both, once not silent (a
     * partition lets no close through either).
     */
    private void pump(Socket from, Socket to, Tap tap) {
        byte[] buffer = new byte[16384];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                awaitForwarding();
                tap.feed(buffer, 0, read);
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
