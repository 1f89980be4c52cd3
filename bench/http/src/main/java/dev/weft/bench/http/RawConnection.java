package dev.weft.bench.http;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal HTTP/1.1 client over one socket, kept alive: it writes a request in one write and
 * reads the response's status line, headers and body (declared length or chunked). The default
 * client: its work per request is a few header lines, so on this two-core machine it takes as little
 * as possible of the CPU that the server JVMs need (see bench/README.md, "The client"). It opens a
 * new socket when the server closed the last one.
 */
final class RawConnection implements Connection {

    private final InetSocketAddress address;
    private final byte[] host;
    private Socket socket;
    private OutputStream out;
    private InputStream in;
    private final StringBuilder line = new StringBuilder(128);
    private byte[] body = new byte[256];
    private final byte[] request = new byte[4096];

    RawConnection(int port) throws IOException {
        this.address = new InetSocketAddress("127.0.0.1", port);
        this.host = ("Host: 127.0.0.1:" + port + "\r\n").getBytes(StandardCharsets.US_ASCII);
        connect();
    }

    private void connect() throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(address, 10_000);
        socket.setSoTimeout(60_000);
        out = socket.getOutputStream();
        in = new BufferedInputStream(socket.getInputStream(), 8192);
    }

    @Override
    public Response send(boolean post, String path, String cookie) throws IOException {
        if (socket == null) {
            connect();
        }
        int n = 0;
        n = put(post ? "POST " : "GET ", n);
        n = put(path, n);
        n = put(" HTTP/1.1\r\n", n);
        System.arraycopy(host, 0, request, n, host.length);
        n += host.length;
        if (cookie != null) {
            n = put("Cookie: ", n);
            n = put(cookie, n);
            n = put("\r\n", n);
        }
        if (post) {
            n = put("Content-Length: 0\r\n", n);
        }
        n = put("\r\n", n);
        try {
            out.write(request, 0, n);
            out.flush();
            return read();
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    private int put(String text, int at) {
        for (int i = 0; i < text.length(); i++) {
            request[at + i] = (byte) text.charAt(i);
        }
        return at + text.length();
    }

    private Response read() throws IOException {
        String status = readLine();
        if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) {
            throw new IOException("not an HTTP/1.1 status line: " + status);
        }
        int code = Integer.parseInt(status, 9, 12, 10);
        long contentLength = -1;
        boolean chunked = false;
        boolean close = false;
        List<String> setCookies = List.of();
        for (String header = readLine(); !header.isEmpty(); header = readLine()) {
            int colon = header.indexOf(':');
            if (colon <= 0) {
                throw new IOException("malformed header: " + header);
            }
            String value = header.substring(colon + 1).trim();
            if (header.regionMatches(true, 0, "content-length", 0, colon) && colon == 14) {
                contentLength = Long.parseLong(value);
            } else if (header.regionMatches(true, 0, "transfer-encoding", 0, colon) && colon == 17) {
                chunked = value.toLowerCase(java.util.Locale.ROOT).contains("chunked");
            } else if (header.regionMatches(true, 0, "set-cookie", 0, colon) && colon == 10) {
                if (setCookies.isEmpty()) {
                    setCookies = new ArrayList<>(2);
                }
                setCookies.add(value);
            } else if (header.regionMatches(true, 0, "connection", 0, colon) && colon == 10) {
                close = value.equalsIgnoreCase("close");
            }
        }
        int length;
        if (chunked) {
            length = 0;
            for (int size = Integer.parseInt(readLine().split(";", 2)[0].trim(), 16); size > 0;
                    size = Integer.parseInt(readLine().split(";", 2)[0].trim(), 16)) {
                ensure(length + size);
                readFully(length, size);
                length += size;
                readLine(); // the chunk's CRLF
            }
            while (!readLine().isEmpty()) {
                // trailers
            }
        } else if (contentLength >= 0) {
            length = (int) contentLength;
            ensure(length);
            readFully(0, length);
        } else {
            throw new IOException("a response with neither a length nor chunks (status " + code + ")");
        }
        if (close) {
            close();
        }
        return new Response(code, body, length, setCookies);
    }

    private void ensure(int size) {
        if (body.length < size) {
            body = java.util.Arrays.copyOf(body, Math.max(size, body.length * 2));
        }
    }

    private void readFully(int at, int size) throws IOException {
        int done = 0;
        while (done < size) {
            int r = in.read(body, at + done, size - done);
            if (r < 0) {
                throw new EOFException("the connection closed inside a body");
            }
            done += r;
        }
    }

    private String readLine() throws IOException {
        line.setLength(0);
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException("the connection closed inside a response");
            }
            if (c == '\n') {
                int last = line.length() - 1;
                if (last >= 0 && line.charAt(last) == '\r') {
                    line.setLength(last);
                }
                return line.toString();
            }
            line.append((char) c);
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            socket = null;
        }
    }
}
