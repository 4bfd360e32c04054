package dev.paperboy.cli;

import dev.paperboy.App;
import dev.paperboy.Config;
import dev.paperboy.community.Role;
import dev.paperboy.community.User;
import dev.paperboy.paper.Catalogue;
import dev.paperboy.paper.Listing;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Upvote and comment writes against the real server: N members with API tokens, C concurrent keep-alive clients
 * toggling upvotes (POST then DELETE {@code /api/papers/{id}/upvote}), then writing comments, each for a fixed
 * time. Reports throughput and p50/p99 latency, and checks afterwards that every count is exact: the votes table
 * recounted against {@code papers.local_upvotes}, against the counts before the run (every client ends each
 * POST with its DELETE, so the net change is nil), and the comments table against {@code papers.num_comments}.
 */
@Command(name = "upvotes", mixinStandardHelpOptions = true,
        description = "Upvote toggles and comment writes from concurrent API clients against the real server "
                + "(SQLite WAL): toggles/s, comments/s, p50/p99 latency, and exact counts afterwards. Target: "
                + ">= 1,000 upvote toggles/s with p99 <= 50 ms at 50 clients.")
final class BenchUpvotesCommand implements Callable<Integer> {
    private static final double TARGET_TOGGLES_PER_SECOND = 1_000;
    private static final double TARGET_P99_MS = 50;

    @Option(names = "--data", paramLabel = "DIR", description = "an existing data directory to run against (it keeps the "
            + "bench members and comments); default: a temporary one with the demo catalogue, deleted afterwards")
    Path data;

    @Option(names = "--clients", defaultValue = "50", description = "concurrent clients (default ${DEFAULT-VALUE})")
    int clients;

    @Option(names = "--members", defaultValue = "0", description = "members with API tokens; clients take turns with "
            + "them (default: one per client)")
    int members;

    @Option(names = "--papers", defaultValue = "20", description = "papers the clients vote on (default ${DEFAULT-VALUE})")
    int papers;

    @Option(names = "--seconds", defaultValue = "10", description = "measured seconds of upvote toggles (default ${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--warmup", defaultValue = "3", description = "seconds of toggles before measuring (default ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--comment-seconds", defaultValue = "5", description = "measured seconds of comment writes (0: skip; default ${DEFAULT-VALUE})")
    int commentSeconds;

    @Override
    public Integer call() throws Exception {
        Path dir = data != null ? data : Files.createTempDirectory("paperboy-bench-upvotes");
        Config config = Config.load(null, Map.of(), Map.of(
                "data.dir", dir.toString(), "demo.load", "true", "server.host", "127.0.0.1", "server.port", "0",
                "search.embed", "false", "harvest.schedule", "false"));
        try (var app = new App(config, Clock.systemUTC())) {
            app.loadDemoIfEmpty();
            int port = app.serve().port();
            String base = "http://127.0.0.1:" + port;
            List<String> ids = app.catalogue().feed(Catalogue.FeedQuery.all(), Catalogue.Order.NEWEST, 0, papers)
                    .stream().map(l -> l.paper().id()).toList();
            if (ids.isEmpty()) {
                System.err.println("no papers in the feed of " + dir + ": nothing to vote on");
                return 1;
            }
            int n = members > 0 ? members : clients;
            long t0 = System.nanoTime();
            var tokens = new ArrayList<String>();
            var community = app.community();
            String run = Long.toString(System.currentTimeMillis(), 36);
            // Accounts.create hashes a random password with Argon2id (deliberately slow): on every core at once.
            tokens.addAll(java.util.stream.IntStream.range(0, n).parallel().mapToObj(i -> {
                User user = community.accounts().create("bench-" + run + "-" + i + "@example.invalid", "bench" + i, Role.MEMBER);
                return community.tokens().create(user, "bench").secret();
            }).toList());
            System.out.printf(Locale.ROOT, "server on %s (data %s); %d papers to vote on; %d members with API tokens made in %.1f s%n",
                    base, dir, ids.size(), n, (System.nanoTime() - t0) / 1e9);
            System.out.printf(Locale.ROOT, "%d clients, %d cores, Java %s%n", clients,
                    Runtime.getRuntime().availableProcessors(), Runtime.version());

            Path db = dir.resolve("paperboy.db");
            Map<String, Integer> before = localUpvotes(db, ids);

            run("warm-up", port, tokens, ids, warmup, Kind.TOGGLE);
            Result toggles = run("upvote toggles", port, tokens, ids, seconds, Kind.TOGGLE);
            Result comments = commentSeconds > 0 ? run("comment writes", port, tokens, ids, commentSeconds, Kind.COMMENT) : null;

            boolean exact = check(db, ids, before, app);
            boolean fast = toggles.perSecond() >= TARGET_TOGGLES_PER_SECOND && toggles.p99() <= TARGET_P99_MS;
            System.out.printf(Locale.ROOT, "%nupvotes:  %,.0f toggles/s, p50 %.1f ms, p99 %.1f ms, %d errors (target >= %,.0f/s, p99 <= %.0f ms: %s)%n",
                    toggles.perSecond(), toggles.p50(), toggles.p99(), toggles.errors(), TARGET_TOGGLES_PER_SECOND,
                    TARGET_P99_MS, fast ? "met" : "NOT met");
            if (comments != null) {
                System.out.printf(Locale.ROOT, "comments: %,.0f writes/s, p50 %.1f ms, p99 %.1f ms, %d errors%n",
                        comments.perSecond(), comments.p50(), comments.p99(), comments.errors());
            }
            System.out.printf("counts:   %s%n", exact ? "exact" : "WRONG");
            return exact && toggles.errors() == 0 && (comments == null || comments.errors() == 0) ? 0 : 1;
        } finally {
            if (data == null) {
                deleteTree(dir);
            }
        }
    }

    private enum Kind { TOGGLE, COMMENT }

    private record Result(long requests, double seconds, double p50, double p99, long errors) {
        double perSecond() {
            return requests / seconds;
        }
    }

    /**
     * Every client sends requests back to back on its own keep-alive connection until the time is up. A toggle
     * client always finishes the pair it started (POST, then DELETE), so the votes end where they began.
     */
    private Result run(String label, int port, List<String> tokens, List<String> ids, int duration, Kind kind)
            throws Exception {
        var stop = new AtomicBoolean();
        var start = new CountDownLatch(1);
        var futures = new ArrayList<Future<long[]>>();
        long[] errors = new long[clients];
        try (var pool = Executors.newFixedThreadPool(clients)) {
            for (int c = 0; c < clients; c++) {
                int client = c;
                futures.add(pool.submit(() -> {
                    String token = tokens.get(client % tokens.size());
                    long[] latencies = new long[1 << 16];
                    int count = 0;
                    int turn = client;
                    try (var http = new KeepAlive(port)) {
                        start.await();
                        while (!stop.get()) {
                            String id = ids.get(turn++ % ids.size());
                            List<byte[]> requests = kind == Kind.TOGGLE
                                    ? List.of(upvote(id, token, "POST"), upvote(id, token, "DELETE"))
                                    : List.of(comment(id, token, client, count));
                            for (byte[] request : requests) {
                                long t = System.nanoTime();
                                int status = http.send(request);
                                long took = System.nanoTime() - t;
                                if (status / 100 != 2) {
                                    errors[client]++;
                                    if (errors[client] == 1) {
                                        System.err.printf("%s: HTTP %d %s%n", label, status, http.lastBody());
                                    }
                                }
                                if (count == latencies.length) {
                                    latencies = Arrays.copyOf(latencies, count * 2);
                                }
                                latencies[count++] = took;
                            }
                        }
                    }
                    return Arrays.copyOf(latencies, count);
                }));
            }
            var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            long cpu = os.getProcessCpuTime();
            long t = System.nanoTime();
            start.countDown();
            Thread.sleep(duration * 1_000L);
            stop.set(true);
            var all = new ArrayList<long[]>();
            for (var f : futures) {
                all.add(f.get());
            }
            double took = (System.nanoTime() - t) / 1e9;
            double cpuMs = (os.getProcessCpuTime() - cpu) / 1e6;
            long[] merged = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
            long failed = Arrays.stream(errors).sum();
            var result = new Result(merged.length, took, percentile(merged, 0.50), percentile(merged, 0.99), failed);
            // CPU time of this process (server and clients) per request: what a run on a busy machine still measures.
            System.out.printf(Locale.ROOT, "%-15s %,8d requests in %5.1f s = %,7.0f/s  p50 %6.1f ms  p99 %6.1f ms  max %6.1f ms  "
                            + "errors %d  cpu %.2f ms/request (%.0f%% of %d cores)%n",
                    label, merged.length, took, result.perSecond(), result.p50(), result.p99(),
                    merged.length == 0 ? 0 : merged[merged.length - 1] / 1e6, failed,
                    merged.length == 0 ? 0 : cpuMs / merged.length, 100 * cpuMs / 1000 / took / os.getAvailableProcessors(),
                    os.getAvailableProcessors());
            return result;
        }
    }

    private static byte[] upvote(String id, String token, String method) {
        return (method + " /api/papers/" + id + "/upvote HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                + "\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] comment(String id, String token, int client, int n) {
        byte[] body = ("{\"text\": \"Bench comment " + n + " from client " + client + ": *fine* work.\", \"parent\": null}")
                .getBytes(StandardCharsets.UTF_8);
        byte[] head = ("POST /api/papers/" + id + "/comments HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] request = Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, request, head.length, body.length);
        return request;
    }

    /**
     * One client's keep-alive HTTP/1.1 connection over a plain socket: as little client work as possible per request,
     * so that the figures measure the server, not the load generator running beside it on the same cores.
     */
    static final class KeepAlive implements AutoCloseable {
        private final java.net.Socket socket;
        private final java.io.OutputStream out;
        private final java.io.BufferedInputStream in;
        private byte[] body = new byte[0];

        KeepAlive(int port) throws java.io.IOException {
            socket = new java.net.Socket("127.0.0.1", port);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(30_000);
            out = socket.getOutputStream();
            in = new java.io.BufferedInputStream(socket.getInputStream(), 8192);
        }

        /** Sends one request and reads the whole response; returns its status. */
        int send(byte[] request) throws java.io.IOException {
            out.write(request);
            out.flush();
            String status = line();
            int code = Integer.parseInt(status.substring(9, 12));
            int length = 0;
            boolean chunked = false;
            for (String header = line(); !header.isEmpty(); header = line()) {
                String lower = header.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Integer.parseInt(header.substring(15).strip());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                }
            }
            if (chunked) {
                var all = new java.io.ByteArrayOutputStream();
                for (int size = Integer.parseInt(line().strip(), 16); size > 0; size = Integer.parseInt(line().strip(), 16)) {
                    all.write(in.readNBytes(size));
                    line();
                }
                line();
                body = all.toByteArray();
            } else {
                body = in.readNBytes(length);
            }
            return code;
        }

        String lastBody() {
            return new String(body, StandardCharsets.UTF_8);
        }

        private String line() throws java.io.IOException {
            var b = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new java.io.EOFException("the server closed the connection");
                }
                if (c != '\r') {
                    b.append((char) c);
                }
            }
            return b.toString();
        }

        @Override
        public void close() throws java.io.IOException {
            socket.close();
        }
    }

    private static double percentile(long[] sortedNanos, double p) {
        if (sortedNanos.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p * sortedNanos.length) - 1;
        return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, index))] / 1e6;
    }

    private static Map<String, Integer> localUpvotes(Path db, List<String> ids) throws SQLException {
        var counts = new HashMap<String, Integer>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                var s = c.prepareStatement("SELECT local_upvotes FROM papers WHERE id = ?")) {
            for (String id : ids) {
                s.setString(1, id);
                try (var rs = s.executeQuery()) {
                    rs.next();
                    counts.put(id, rs.getInt(1));
                }
            }
        }
        return counts;
    }

    /** Recounts every paper's votes and comments from their tables and compares them with what the papers row keeps. */
    private static boolean check(Path db, List<String> ids, Map<String, Integer> before, App app) throws SQLException {
        boolean exact = true;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                var s = c.prepareStatement("SELECT p.local_upvotes, p.num_comments, "
                        + "(SELECT COUNT(*) FROM votes v WHERE v.paper_id = p.id), "
                        + "(SELECT COUNT(*) FROM comments m WHERE m.paper_id = p.id AND m.deleted_at IS NULL AND m.hidden_at IS NULL) "
                        + "FROM papers p WHERE p.id = ?")) {
            for (String id : ids) {
                s.setString(1, id);
                try (var rs = s.executeQuery()) {
                    rs.next();
                    int local = rs.getInt(1);
                    int numComments = rs.getInt(2);
                    int votes = rs.getInt(3);
                    int comments = rs.getInt(4);
                    Listing shown = app.catalogue().find(id).orElseThrow();
                    if (local != votes || local != before.get(id) || numComments != comments || shown.numComments() != comments) {
                        exact = false;
                        System.out.printf("%s: local_upvotes %d, votes table %d, before the run %d; num_comments %d, comments table %d%n",
                                id, local, votes, before.get(id), numComments, comments);
                    }
                }
            }
        }
        return exact;
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
