package org.tonbo4j.s3;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An HTTP/1.1 proxy on loopback between the S3 client and the S3 test server that injects
 * faults per request: error replies (503 SlowDown, 500 InternalError), slow responses,
 * connections cut in the middle of a request body or of a response body, and "death" (every
 * connection dropped from then on, like a crashed process or a lost network). Requests and
 * responses are parsed just enough to find their boundaries (Content-Length, chunked bodies,
 * 100-continue, bodiless HEAD replies). Thread-safe; two threads per connection.
 */
final class FaultProxy implements AutoCloseable {
    /** What happens to one request. */
    enum Fault { NONE, ERROR_503, ERROR_500, SLOW_RESPONSE, CUT_REQUEST, CUT_RESPONSE,
        /** Cut this request half-way and every connection from now on. */
        DIE }

    /** Chooses the fault of the n-th request (1-based) given its method and path. */
    interface Plan {
        Fault choose(long n, String method, String path);
    }

    private final ServerSocket server;
    private final InetSocketAddress upstream;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong faults = new AtomicLong();
    private volatile Plan plan = (n, m, p) -> Fault.NONE;
    private volatile long slowMillis = 300;
    private volatile long dieAtRequest = Long.MAX_VALUE;
    private volatile boolean dead;

    FaultProxy(URI upstreamEndpoint) throws IOException {
        this.upstream = new InetSocketAddress(upstreamEndpoint.getHost(), upstreamEndpoint.getPort());
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "fault-proxy-accept");
        t.setDaemon(true);
        t.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    void plan(Plan p) {
        this.plan = p;
    }

    void slowMillis(long ms) {
        this.slowMillis = ms;
    }

    /** From the n-th request on (counted from now), cut everything, as if the writer died. */
    void dieAfter(long n) {
        this.dieAtRequest = requests.get() + n;
    }

    boolean dead() {
        return dead;
    }

    long requests() {
        return requests.get();
    }

    long faults() {
        return faults.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (dead) {
                    client.close();
                    continue;
                }
                Socket up = new Socket(upstream.getAddress(), upstream.getPort());
                open.add(client);
                open.add(up);
                Connection c = new Connection(client, up);
                Thread a = new Thread(c::pumpRequests, "fault-proxy-req");
                Thread b = new Thread(c::pumpResponses, "fault-proxy-resp");
                a.setDaemon(true);
                b.setDaemon(true);
                a.start();
                b.start();
            } catch (IOException e) {
                if (server.isClosed()) {
                    return;
                }
            }
        }
    }

    private void kill() {
        dead = true;
        for (Socket s : open) {
            quietClose(s);
        }
    }

    private static void quietClose(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // Already gone.
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        kill();
    }

    /** One client connection and its upstream connection. */
    private final class Connection {
        private final Socket client;
        private final Socket up;
        private final LinkedBlockingQueue<Object[]> pending = new LinkedBlockingQueue<>();

        Connection(Socket client, Socket up) {
            this.client = client;
            this.up = up;
        }

        private void closeBoth() {
            quietClose(client);
            quietClose(up);
            open.remove(client);
            open.remove(up);
        }

        void pumpRequests() {
            try (InputStream in = client.getInputStream(); OutputStream out = up.getOutputStream()) {
                while (true) {
                    Head h = Head.read(in);
                    if (h == null) {
                        break;
                    }
                    long n = requests.incrementAndGet();
                    if (dead || n >= dieAtRequest) {
                        out.write(h.raw, 0, h.raw.length / 2);
                        out.flush();
                        kill();
                        return;
                    }
                    Fault f = plan.choose(n, h.method, h.target);
                    if (f != Fault.NONE) {
                        faults.incrementAndGet();
                    }
                    if (f == Fault.DIE) {
                        out.write(h.raw);
                        copy(in, out, h.contentLength() / 2);
                        out.flush();
                        kill();
                        return;
                    }
                    if (f == Fault.ERROR_503 || f == Fault.ERROR_500) {
                        String code = f == Fault.ERROR_503 ? "503 Slow Down" : "500 Internal Server Error";
                        String err = f == Fault.ERROR_503 ? "SlowDown" : "InternalError";
                        byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + err
                                + "</Code><Message>injected</Message></Error>").getBytes(StandardCharsets.UTF_8);
                        OutputStream c = client.getOutputStream();
                        c.write(("HTTP/1.1 " + code + "\r\nContent-Type: application/xml\r\nContent-Length: " + body.length
                                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                        c.write(body);
                        c.flush();
                        closeBoth();
                        return;
                    }
                    pending.put(new Object[] {h.method, f});
                    out.write(h.raw);
                    long len = h.contentLength();
                    if (f == Fault.CUT_REQUEST) {
                        copy(in, out, len > 1 ? len / 2 : 0);
                        out.flush();
                        closeBoth();
                        return;
                    }
                    if (h.chunked()) {
                        copyChunked(in, out);
                    } else {
                        copy(in, out, len);
                    }
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // The connection ended; the other pump notices.
            } finally {
                closeBoth();
            }
        }

        void pumpResponses() {
            try (InputStream in = up.getInputStream(); OutputStream out = client.getOutputStream()) {
                while (true) {
                    Head h = Head.read(in);
                    if (h == null) {
                        break;
                    }
                    if (h.status() / 100 == 1) {
                        out.write(h.raw);
                        out.flush();
                        continue;
                    }
                    Object[] req = pending.take();
                    Fault f = (Fault) req[1];
                    boolean bodiless = "HEAD".equals(req[0]) || h.status() == 204 || h.status() == 304;
                    long len = bodiless ? 0 : h.contentLength();
                    if (f == Fault.SLOW_RESPONSE) {
                        Thread.sleep(slowMillis);
                    }
                    if (f == Fault.CUT_RESPONSE) {
                        if (len > 1) {
                            out.write(h.raw);
                            copy(in, out, len / 2);
                        } else {
                            out.write(h.raw, 0, h.raw.length / 2);
                        }
                        out.flush();
                        closeBoth();
                        return;
                    }
                    out.write(h.raw);
                    if (!bodiless && h.chunked()) {
                        copyChunked(in, out);
                    } else {
                        copy(in, out, len);
                    }
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // The connection ended.
            } finally {
                closeBoth();
            }
        }
    }

    private static void copy(InputStream in, OutputStream out, long n) throws IOException {
        byte[] buf = new byte[16 << 10];
        while (n > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, n));
            if (r < 0) {
                throw new IOException("connection ended inside a body");
            }
            out.write(buf, 0, r);
            n -= r;
        }
    }

    private static void copyChunked(InputStream in, OutputStream out) throws IOException {
        while (true) {
            String line = readLine(in);
            out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
            int semi = line.indexOf(';');
            long size = Long.parseLong((semi < 0 ? line : line.substring(0, semi)).trim(), 16);
            if (size == 0) {
                // Trailers, then an empty line.
                String t;
                do {
                    t = readLine(in);
                    out.write((t + "\r\n").getBytes(StandardCharsets.US_ASCII));
                } while (!t.isEmpty());
                return;
            }
            copy(in, out, size);
            copy(in, out, 2);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                String s = b.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            b.write(c);
        }
        throw new IOException("connection ended inside a line");
    }

    /** A request or response head: the raw bytes and the parsed first line and headers. */
    private static final class Head {
        byte[] raw;
        String first;
        String method = "";
        String target = "";
        String headers;

        static Head read(InputStream in) throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int c;
            int state = 0;
            while (state < 4) {
                c = in.read();
                if (c < 0) {
                    return null;
                }
                b.write(c);
                state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3)) ? state + 1
                        : c == '\r' ? 1 : 0;
            }
            Head h = new Head();
            h.raw = b.toByteArray();
            String text = new String(h.raw, StandardCharsets.ISO_8859_1);
            int eol = text.indexOf("\r\n");
            h.first = text.substring(0, eol);
            h.headers = text.substring(eol).toLowerCase(Locale.ROOT);
            String[] parts = h.first.split(" ");
            if (!h.first.startsWith("HTTP/")) {
                h.method = parts[0];
                h.target = parts.length > 1 ? parts[1] : "";
            }
            return h;
        }

        int status() {
            return Integer.parseInt(first.split(" ")[1]);
        }

        private String header(String name) {
            int i = headers.indexOf("\r\n" + name + ":");
            if (i < 0) {
                return null;
            }
            int start = i + name.length() + 3;
            return headers.substring(start, headers.indexOf("\r\n", start)).trim();
        }

        long contentLength() {
            String v = header("content-length");
            return v == null ? 0 : Long.parseLong(v);
        }

        boolean chunked() {
            String v = header("transfer-encoding");
            return v != null && v.contains("chunked");
        }
    }
}
