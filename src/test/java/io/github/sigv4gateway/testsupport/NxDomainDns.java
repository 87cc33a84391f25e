package io.github.sigv4gateway.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A DNS server on 127.0.0.1 that knows no name: every query gets NXDOMAIN (RFC 1035 4.1.1, RCODE 3), at once, as
 * a real resolver answers for a name that does not exist. Lets a test make a host name fail to resolve without any
 * packet leaving the machine.
 */
public final class NxDomainDns implements AutoCloseable {

    private final DatagramSocket socket;
    private final AtomicInteger queries = new AtomicInteger();

    public NxDomainDns() {
        try {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread.ofVirtual().name("nxdomain-dns").start(this::serve);
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort());
    }

    /** Queries answered so far. */
    public int queries() {
        return queries.get();
    }

    private void serve() {
        byte[] buffer = new byte[1500];
        while (!socket.isClosed()) {
            try {
                DatagramPacket query = new DatagramPacket(buffer, buffer.length);
                socket.receive(query);
                byte[] answer = nxdomain(Arrays.copyOf(query.getData(), query.getLength()));
                if (answer != null) {
                    socket.send(new DatagramPacket(answer, answer.length, query.getSocketAddress()));
                    queries.incrementAndGet();
                }
            } catch (IOException e) {
                return;
            }
        }
    }

    /** The query's id and question, flagged as a response with NXDOMAIN; null for a packet too short to be one. */
    static byte[] nxdomain(byte[] query) {
        int end = 12;
        while (end < query.length && query[end] != 0) {
            end += (query[end] & 0xff) + 1;
        }
        end += 5; // the root label's zero byte, QTYPE and QCLASS
        if (query.length < 12 || end > query.length) {
            return null;
        }
        byte[] answer = Arrays.copyOf(query, end);
        answer[2] = (byte) (0x80 | (query[2] & 0x01)); // QR, opcode 0, RD as asked
        answer[3] = (byte) 0x83; // RA, RCODE 3 = NXDOMAIN
        answer[4] = 0;
        answer[5] = 1; // one question
        Arrays.fill(answer, 6, 12, (byte) 0); // no answer, authority or additional records
        return answer;
    }

    @Override
    public void close() {
        socket.close();
    }
}
