package dev.paperboy.ingest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.paperboy.TestApp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * arXiv's OAI-PMH endpoint, replayed from the real fixtures: the seven real arXivRaw records (the ListRecords page
 * and the GetRecord response) served as a multi-page ListRecords with resumption tokens, and faults injected on
 * demand. It records the (injected) clock's time of every request, so tests can check the spacing.
 */
final class OaiReplayServer implements AutoCloseable {
    static final String DIR = "fixtures/arxiv/oai-pmh/";
    static final List<String> RECORD_IDS =
            List.of("0704.0471", "0704.0716", "0704.0874", "0704.1109", "0704.1114", "0704.1586", "1302.2146");
    private static final Pattern RECORD = Pattern.compile("<record>.*?</record>", Pattern.DOTALL);

    /** What to do to one request instead of answering it normally. */
    sealed interface Fault {}

    record Status(int code, String retryAfter) implements Fault {}

    record Cut() implements Fault {}

    record Slow(Duration delay) implements Fault {}

    /** Answer 200 with this fixture file (an OAI error document). */
    record Fixture(String file) implements Fault {}

    record Request(Instant at, String query) {}

    private final HttpServer server;
    private final Clock clock;
    private final List<String> records;
    private final int pageSize;
    private final Map<Integer, Queue<Fault>> faults = new HashMap<>();
    final List<Request> requests = new CopyOnWriteArrayList<>();
    volatile String responseDate = "2015-01-06T20:49:59Z";

    OaiReplayServer(Clock clock, int pageSize) {
        this(clock, pageSize, realRecords());
    }

    OaiReplayServer(Clock clock, int pageSize, List<String> records) {
        this.clock = clock;
        this.pageSize = pageSize;
        this.records = records;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool(Thread.ofPlatform().daemon().factory()));
        server.createContext("/oai", this::handle);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/oai");
    }

    int pages() {
        return (records.size() + pageSize - 1) / pageSize;
    }

    /** Queues faults for the next requests of page {@code page} (1-based), one per request. */
    synchronized OaiReplayServer fault(int page, Fault... list) {
        faults.computeIfAbsent(page, p -> new ArrayDeque<>()).addAll(List.of(list));
        return this;
    }

    static String fixture(String file) {
        try {
            return Files.readString(TestApp.shared(DIR + file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The seven real arXivRaw records, as their XML text. */
    static List<String> realRecords() {
        var list = new ArrayList<String>();
        for (String file : List.of("arXivRaw_mikesaelim_ListRecordsResponse.xml", "arXivRaw_mikesaelim_GetRecordResponse.xml")) {
            var m = RECORD.matcher(fixture(file));
            while (m.find()) {
                list.add(m.group());
            }
        }
        return list;
    }

    /** Page {@code page} (1-based) as arXiv would send it: a ListRecords envelope, the records, the token. */
    String page(int page) {
        var body = new StringBuilder("""
                <?xml version="1.0" encoding="UTF-8"?>
                <OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/ http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd">
                """);
        body.append("<responseDate>").append(responseDate).append("</responseDate>\n");
        body.append("<request verb=\"ListRecords\" metadataPrefix=\"arXivRaw\">http://export.arxiv.org/oai2</request>\n<ListRecords>\n");
        for (int i = (page - 1) * pageSize; i < Math.min(records.size(), page * pageSize); i++) {
            body.append(records.get(i)).append('\n');
        }
        body.append(page < pages()
                ? "<resumptionToken cursor=\"" + (page - 1) * pageSize + "\" completeListSize=\"" + records.size() + "\">t" + page + "</resumptionToken>\n"
                : "<resumptionToken cursor=\"" + (page - 1) * pageSize + "\" completeListSize=\"" + records.size() + "\"/>\n");
        return body.append("</ListRecords>\n</OAI-PMH>\n").toString();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        requests.add(new Request(clock.instant(), query == null ? "" : URLDecoder.decode(query, StandardCharsets.UTF_8)));
        Map<String, String> params = params(query);
        int page;
        if (params.containsKey("resumptionToken")) {
            String token = params.get("resumptionToken");
            page = token.matches("t\\d+") ? Integer.parseInt(token.substring(1)) + 1 : -1;
            if (page < 2 || page > pages()) {
                send(exchange, 200, fixture("arXivRaw_mikesaelim_ErrorResponseBadResumptionToken.xml"));
                return;
            }
        } else {
            page = 1;
        }
        Fault fault;
        synchronized (this) {
            Queue<Fault> queue = faults.get(page);
            fault = queue == null ? null : queue.poll();
        }
        switch (fault) {
            case null -> send(exchange, 200, page(page));
            case Status s -> {
                if (s.retryAfter() != null) {
                    exchange.getResponseHeaders().add("Retry-After", s.retryAfter());
                }
                send(exchange, s.code(), "<html>busy</html>");
            }
            case Cut c -> {
                byte[] bytes = page(page).getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, bytes.length);
                try {
                    exchange.getResponseBody().write(bytes, 0, bytes.length / 2);
                    exchange.getResponseBody().flush();
                } finally {
                    exchange.close();
                }
            }
            case Slow s -> {
                try {
                    Thread.sleep(s.delay().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                try {
                    send(exchange, 200, page(page));
                } catch (IOException e) {
                    // the client gave up waiting, as it should
                }
            }
            case Fixture f -> send(exchange, 200, fixture(f.file()));
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/xml; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> params(String query) {
        var map = new HashMap<String, String>();
        if (query != null) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    map.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return map;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
