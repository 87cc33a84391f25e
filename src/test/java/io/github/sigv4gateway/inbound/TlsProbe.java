package io.github.sigv4gateway.inbound;

import io.github.sigv4gateway.testsupport.RawHttp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/** Client-side looks at the gateway's TLS: the certificate served on a new connection, raw hellos, raw requests. */
final class TlsProbe {

    private TlsProbe() {}

    /** The serial number of the certificate the port serves to a new connection. */
    static BigInteger servedSerial(SSLContext client, int port) {
        try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            socket.startHandshake();
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Exact request bytes over TLS on a new connection; the reply as {@link RawHttp} reads it. */
    static RawHttp.Reply exchange(SSLContext client, int port, String request) {
        try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(3000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return RawHttp.read(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sends a hand-made ClientHello offering only {@code version} (0x0302 is TLS 1.1, 0x0303 TLS 1.2) and returns
     * the content type of the first record the server answers with: 22 a handshake (it goes on), 21 an alert, -1
     * when it closed without a record. Hand-made because the JDK's own client refuses to offer TLS 1.1 at all.
     */
    static int firstRecordType(int port, int version) {
        byte[] hello = clientHello(version);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(hello);
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            return in.read();
        } catch (SocketTimeoutException e) {
            return -2;
        } catch (IOException e) {
            return -1;
        }
    }

    private static byte[] clientHello(int version) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(version >> 8);
        body.write(version & 0xff);
        body.writeBytes(new byte[32]); // random
        body.write(0); // no session id
        // ECDHE-ECDSA AES-128-GCM (TLS 1.2), ECDHE-ECDSA AES-128-CBC-SHA (TLS 1.0+)
        body.writeBytes(new byte[] {0, 4, (byte) 0xc0, 0x2b, (byte) 0xc0, 0x09});
        body.writeBytes(new byte[] {1, 0}); // no compression
        byte[] extensions = {
            0x00,
            0x0a,
            0,
            4,
            0,
            2,
            0,
            0x17, // supported_groups: secp256r1
            0x00,
            0x0b,
            0,
            2,
            1,
            0, // ec_point_formats: uncompressed
            0x00,
            0x0d,
            0,
            4,
            0,
            2,
            4,
            3 // signature_algorithms: ecdsa_secp256r1_sha256
        };
        body.write(extensions.length >> 8);
        body.write(extensions.length & 0xff);
        body.writeBytes(extensions);
        byte[] hello = body.toByteArray();
        ByteArrayOutputStream record = new ByteArrayOutputStream();
        record.writeBytes(new byte[] {22, 3, 1});
        int handshakeLength = hello.length + 4;
        record.write(handshakeLength >> 8);
        record.write(handshakeLength & 0xff);
        record.write(1); // client_hello
        record.write(0);
        record.write(hello.length >> 8);
        record.write(hello.length & 0xff);
        record.writeBytes(hello);
        return record.toByteArray();
    }
}
