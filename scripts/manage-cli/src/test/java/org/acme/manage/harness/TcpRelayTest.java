package org.acme.manage.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

/** The relay of the network-silence scenario, in front of an echo server on 127.0.0.1. */
class TcpRelayTest {

    @Test
    void forwardsBothWaysStaysSilentWithoutClosingAndDeliversWhatWaitedOnResume() throws Exception {
        try (ServerSocket echo = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                TcpRelay relay = TcpRelay.start(FreePort.LOOPBACK, echo.getLocalPort())) {
            CompletableFuture.runAsync(() -> echoOnce(echo));
            try (Socket client = new Socket(FreePort.LOOPBACK, relay.port())) {
                client.setSoTimeout(2000);
                InputStream in = client.getInputStream();
                client.getOutputStream().write('a');
                assertThat(in.read()).isEqualTo('a');
                assertThat(relay.connections()).isEqualTo(1);

                relay.silence();
                client.getOutputStream().write('b');
                client.setSoTimeout(500);
                assertThatThrownBy(in::read).as("nothing comes back while silent").isInstanceOf(
                        SocketTimeoutException.class);
                assertThat(client.isClosed()).isFalse();
                assertThat(relay.connections()).as("nothing was closed").isEqualTo(1);

                relay.resume();
                client.setSoTimeout(2000);
                assertThat(in.read()).isEqualTo('b');
            }
        }
    }

    @Test
    void aClientThatClosesIsClosedUpstreamToo() throws Exception {
        try (ServerSocket upstream = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                TcpRelay relay = TcpRelay.start(FreePort.LOOPBACK, upstream.getLocalPort())) {
            CompletableFuture<Integer> read = CompletableFuture.supplyAsync(() -> {
                try (Socket socket = upstream.accept()) {
                    socket.setSoTimeout(5000);
                    return socket.getInputStream().read();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            new Socket(FreePort.LOOPBACK, relay.port()).close();

            assertThat(read.get()).as("end of stream upstream").isEqualTo(-1);
        }
    }

    private static void echoOnce(ServerSocket server) {
        try (Socket socket = server.accept()) {
            socket.getInputStream().transferTo(socket.getOutputStream());
        } catch (Exception e) {
            // the test closed it
        }
    }
}
