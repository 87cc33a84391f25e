package io.github.sigv4gateway.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** Sends exact bytes over a plain socket (curl and java.net.http normalise paths and framing) and reads the reply. */
public final class RawHttp {

    private RawHttp() {}

    /** A reply as raw text; {@code closed} tells whether the server closed the connection after it. */
    public record Reply(String text, boolean closed) {

        public int status() {
            if (text.length() < 12 || !text.startsWith("HTTP/1.1 ")) {
                return -1;
            }
            return Integer.parseInt(text.substring(9, 12));
        }

        public String body() {
            int split = text.indexOf("\r\n\r\n");
            return split < 0 ? "" : text.substring(split + 4);
        }

        public String header(String name) {
            for (String line :
                    text.substring(0, Math.max(0, text.indexOf("\r\n\r\n"))).split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }

    /** Sends {@code request} and reads until the server closes or {@code timeoutMillis} pass without data. */
    public static Reply exchange(int port, String request, int timeoutMillis) {
        return exchange(port, request.getBytes(StandardCharsets.ISO_8859_1), timeoutMillis);
    }

    public static Reply exchange(int port, byte[] request, int timeoutMillis) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(timeoutMillis);
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            return read(socket.getInputStream());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Reply read(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        boolean closed = false;
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
            }
            closed = true;
        } catch (SocketTimeoutException e) {
            // the server kept the connection open
        } catch (java.net.SocketException e) {
            closed = true;
        }
        return new Reply(out.toString(StandardCharsets.ISO_8859_1), closed);
    }
}
