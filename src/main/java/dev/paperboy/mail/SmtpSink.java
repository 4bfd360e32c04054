package dev.paperboy.mail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A minimal SMTP server on a loopback port that accepts every message and throws it away: what {@code bench digest}
 * sends to, so that it measures Paperboy rather than a mail server.
 */
public final class SmtpSink implements AutoCloseable {
    private final ServerSocket server;
    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong refusals = new AtomicLong();
    private volatile String refusal;

    /** Answers the end of data of the next {@code count} messages with {@code reply} (e.g. a 451) instead of accepting. */
    public SmtpSink refuseNext(int count, String reply) {
        refusal = reply;
        refusals.set(count);
        return this;
    }

    public SmtpSink() {
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread.ofVirtual().name("smtp-sink").start(this::accept);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Messages accepted so far. */
    public long messages() {
        return messages.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                socket.setTcpNoDelay(true);
                Thread.ofVirtual().start(() -> serve(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket; var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
                OutputStream out = socket.getOutputStream()) {
            reply(out, "220 localhost SMTP sink");
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String verb = line.length() < 4 ? line.toUpperCase() : line.substring(0, 4).toUpperCase();
                switch (verb) {
                    case "EHLO" -> reply(out, "250-localhost\r\n250 8BITMIME");
                    case "DATA" -> {
                        reply(out, "354 go ahead");
                        for (String body = in.readLine(); body != null && !body.equals("."); body = in.readLine()) {
                            // discarded
                        }
                        if (refusals.getAndDecrement() > 0) {
                            reply(out, refusal);
                        } else {
                            messages.incrementAndGet();
                            reply(out, "250 accepted");
                        }
                    }
                    case "QUIT" -> {
                        reply(out, "221 bye");
                        return;
                    }
                    default -> reply(out, "250 ok");
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
