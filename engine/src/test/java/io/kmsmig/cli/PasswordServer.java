package io.kmsmig.cli;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in PostgreSQL server that asks every client for a cleartext password and refuses whatever it gets
 * (password authentication failed, SQL state 28P01), recording the passwords it was sent. Just enough of the
 * frontend/backend protocol (v3) for pgjdbc to reach authentication: it declines SSL and GSS encryption.
 */
final class PasswordServer implements AutoCloseable {
    private final ServerSocket socket;
    private final Thread thread;
    /** The passwords clients sent, in order. */
    final List<String> received = new CopyOnWriteArrayList<>();

    PasswordServer() {
        try {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        thread = new Thread(this::serve, "password-server");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket s = socket.accept()) {
                talk(new DataInputStream(s.getInputStream()), new DataOutputStream(s.getOutputStream()));
            } catch (IOException e) {
                // the client hung up, or the server closed
            }
        }
    }

    private void talk(DataInputStream in, DataOutputStream out) throws IOException {
        while (true) {
            int len = in.readInt();
            int code = in.readInt();
            in.readFully(new byte[len - 8]);
            if (code == 80877103 || code == 80877104) { // SSLRequest, GSSENCRequest: not here
                out.write('N');
                out.flush();
                continue;
            }
            break; // the startup message
        }
        out.write('R');
        out.writeInt(8);
        out.writeInt(3); // AuthenticationCleartextPassword
        out.flush();
        int type = in.read();
        if (type != 'p') {
            return; // the client gave up: it had no password
        }
        byte[] body = new byte[in.readInt() - 4];
        in.readFully(body);
        received.add(new String(body, 0, body.length - 1, StandardCharsets.UTF_8));
        byte[] fields = ("SFATAL\0VFATAL\0C28P01\0Mpassword authentication failed for user \"kmsmig\"\0\0")
                .getBytes(StandardCharsets.UTF_8);
        out.write('E');
        out.writeInt(4 + fields.length);
        out.write(fields);
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
