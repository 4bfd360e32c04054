package dev.paperboy.cli;

import dev.paperboy.App;
import dev.paperboy.Config;
import dev.paperboy.ProcessMemory;
import dev.paperboy.community.Role;
import dev.paperboy.digest.Frequency;
import dev.paperboy.digest.Preferences;
import dev.paperboy.ingest.Progress;
import dev.paperboy.mail.SmtpSink;
import dev.paperboy.paper.Catalogue;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Mixed load for minutes against the real server: each client is a member (its own API token and, through a trusted
 * proxy's {@code X-Forwarded-For}, its own address, so per-client limits apply as they would to people) reading
 * feed, trending and paper pages, the API, searching with queries no one sent before, toggling upvotes and, now and
 * then, commenting. Reports p50/p99 per route every interval and overall, errors (any status other than the one
 * expected), the process's RSS over time, and {@code /healthz} and {@code /readyz} at the end.
 */
@Command(name = "soak", mixinStandardHelpOptions = true,
        description = "Minutes of mixed load from many clients (pages, API, distinct searches, votes, comments, and an "
                + "import with --import and a digest run in the middle) against the real server: p50/p99 per route, errors, RSS every interval.")
final class BenchSoakCommand implements Callable<Integer> {
    @Option(names = "--data", paramLabel = "DIR", description = "an existing data directory, e.g. one holding the 74,728-paper "
            + "catalogue (it keeps the bench members, votes and comments); default: a temporary copy of the demo")
    Path data;

    @Option(names = "--clients", defaultValue = "50", description = "concurrent clients (default ${DEFAULT-VALUE})")
    int clients;

    @Option(names = "--minutes", defaultValue = "10", description = "how long (default ${DEFAULT-VALUE}); --seconds overrides")
    double minutes;

    @Option(names = "--seconds", description = "how long, in seconds")
    Integer seconds;

    @Option(names = "--interval", defaultValue = "60", description = "seconds between progress reports (default ${DEFAULT-VALUE})")
    int interval;

    @Option(names = "--think-ms", defaultValue = "100", description = "mean pause of a client between two requests, as a "
            + "person reading (default ${DEFAULT-VALUE}; 0: back to back)")
    int thinkMs;

    @Option(names = "--import", paramLabel = "FILE", description = "a snapshot file imported while the load runs, half-way")
    Path importFile;

    @Option(names = "--digest-subscribers", defaultValue = "1000", description = "confirmed digest subscribers, mailed "
            + "today's daily digest (to a local SMTP sink) two thirds of the way; 0: no digest run (default ${DEFAULT-VALUE})")
    int digestSubscribers;

    /** Routes, the share of requests each gets, and what a client sends. */
    private enum Route {
        FEED(20), TRENDING(5), PAPER(20), API_FEED(10), API_PAPER(5), SEARCH(20), VOTE(15), COMMENT(5);

        final int weight;

        Route(int weight) {
            this.weight = weight;
        }

        String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** Latencies of one route in one interval, and its errors. */
    private static final class Stats {
        long[] nanos = new long[1024];
        int count;
        long errors;

        synchronized void add(long took, boolean ok) {
            if (count == nanos.length) {
                nanos = Arrays.copyOf(nanos, count * 2);
            }
            nanos[count++] = took;
            if (!ok) {
                errors++;
            }
        }

        synchronized long[] sorted() {
            long[] copy = Arrays.copyOf(nanos, count);
            Arrays.sort(copy);
            return copy;
        }
    }

    @Override
    public Integer call() throws Exception {
        long durationMs = seconds != null ? seconds * 1_000L : (long) (minutes * 60_000);
        Path dir = data != null ? data : Files.createTempDirectory("paperboy-bench-soak");
        Config config = Config.load(null, Map.of(), Map.of(
                "data.dir", dir.toString(), "demo.load", "true", "server.host", "127.0.0.1", "server.port", "0",
                "search.embed", "false", "harvest.schedule", "false", "digest.schedule", "false",
                "server.trusted-proxies", "127.0.0.1"));
        try (var sink = new SmtpSink(); var app = new App(config.with("smtp.host", "127.0.0.1")
                .with("smtp.port", Integer.toString(sink.port())).with("smtp.tls", "none"), Clock.systemUTC())) {
            app.loadDemoIfEmpty();
            int port = app.serve().port();
            List<String> ids = app.catalogue().feed(Catalogue.FeedQuery.all(), Catalogue.Order.NEWEST, 0, 500)
                    .stream().map(l -> l.paper().id()).toList();
            List<String> words = app.catalogue().feed(Catalogue.FeedQuery.all(), Catalogue.Order.NEWEST, 0, 500).stream()
                    .flatMap(l -> Arrays.stream(l.paper().title().toLowerCase(Locale.ROOT).split("[^a-z]+")))
                    .filter(w -> w.length() > 3).distinct().toList();
            if (ids.isEmpty()) {
                System.err.println("paperboy: no papers in the feed of " + dir + "; nothing to read");
                return 1;
            }
            String run = Long.toString(System.currentTimeMillis(), 36);
            var community = app.community();
            List<String> tokens = java.util.stream.IntStream.range(0, clients).parallel().mapToObj(i -> {
                var user = community.accounts().create("soak-" + run + "-" + i + "@example.invalid", "soak" + i, Role.MEMBER);
                return community.tokens().create(user, "soak").secret();
            }).toList();
            var subscriptions = app.digests().subscriptions();
            for (int i = 0; i < digestSubscribers; i++) {
                subscriptions.addConfirmed("soak-" + run + "-reader" + i + "@example.invalid",
                        Preferences.of("daily", List.of(), i % 2 == 0 ? null : words.get(i % words.size())));
            }
            System.out.printf(Locale.ROOT, "server on 127.0.0.1:%d (data %s, %,d papers); %d clients, think %d ms, %.1f min, "
                            + "%d cores, Java %s%n", port, dir, app.catalogue().count(), clients, thinkMs, durationMs / 60_000.0,
                    Runtime.getRuntime().availableProcessors(), Runtime.version());

            var current = new ConcurrentHashMap<Route, Stats>();
            var overall = new ConcurrentHashMap<Route, Stats>();
            var stop = new AtomicBoolean();
            var queries = new AtomicLong();
            var firstErrors = new ConcurrentHashMap<String, String>();
            var pool = Executors.newFixedThreadPool(clients + 2);  // the clients, the import, the digest
            for (int c = 0; c < clients; c++) {
                int client = c;
                pool.submit(() -> {
                    var random = new Random(client);
                    String token = tokens.get(client);
                    String address = "10.1." + (client / 250) + "." + (client % 250 + 1);
                    long lastComment = 0;
                    int comments = 0;
                    try (var http = new BenchUpvotesCommand.KeepAlive(port)) {
                        while (!stop.get()) {
                            Route route = pick(random);
                            if (route == Route.COMMENT && System.nanoTime() - lastComment < 31_000_000_000L) {
                                route = Route.PAPER;  // a person comments now and then: within ratelimit.comment
                            }
                            String id = ids.get(random.nextInt(ids.size()));
                            byte[] request;
                            int expected = 200;
                            switch (route) {
                                case FEED -> request = get(random.nextInt(4) == 0 ? "/papers?page=2" : "/papers", null, address);
                                case TRENDING -> request = get("/papers/trending", null, address);
                                case PAPER -> request = get("/papers/" + id, null, address);  // a bearer token is for the API only
                                case API_FEED -> request = get("/api/daily_papers?limit=" + (10 + random.nextInt(40)), null, address);
                                case API_PAPER -> request = get("/api/papers/" + id, null, address);
                                case SEARCH -> {
                                    String q = words.get(random.nextInt(words.size())) + " " + words.get(random.nextInt(words.size()))
                                            + " " + queries.incrementAndGet();
                                    request = get("/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8), null, address);
                                }
                                case VOTE -> request = send(random.nextBoolean() ? "POST" : "DELETE", "/api/papers/" + id + "/upvote",
                                        token, address, null);
                                default -> {
                                    lastComment = System.nanoTime();
                                    request = send("POST", "/api/papers/" + id + "/comments", token, address,
                                            "{\"text\": \"Soak comment " + (++comments) + " from client " + client + ": *useful* work.\", \"parent\": null}");
                                    expected = 201;
                                }
                            }
                            long t = System.nanoTime();
                            int status;
                            try {
                                status = http.send(request);
                            } catch (java.io.IOException e) {
                                status = 599;
                            }
                            long took = System.nanoTime() - t;
                            boolean ok = status == expected || status / 100 == 2 && route != Route.COMMENT
                                    || route == Route.COMMENT && status / 100 == 2;
                            if (!ok) {
                                firstErrors.putIfAbsent(route.label() + " " + status, http.lastBody().lines().findFirst().orElse(""));
                            }
                            current.computeIfAbsent(route, r -> new Stats()).add(took, ok);
                            overall.computeIfAbsent(route, r -> new Stats()).add(took, ok);
                            if (status == 599) {
                                return null;
                            }
                            if (thinkMs > 0) {
                                Thread.sleep((long) (-Math.log(1 - random.nextDouble()) * thinkMs));
                            }
                        }
                    } catch (Exception e) {
                        firstErrors.putIfAbsent("client " + client + " stopped", e.toString());
                        throw e;
                    }
                    return null;
                });
            }
            var jobsFailed = new AtomicBoolean();
            if (importFile != null) {
                midRun(pool, durationMs / 2, "import", jobsFailed, () -> {
                    long t = System.nanoTime();
                    var report = app.snapshotImporter().importFile(importFile, Progress.NONE);
                    return String.format(Locale.ROOT, "%s in %.1f s", report.summary(), (System.nanoTime() - t) / 1e9);
                });
            }
            if (digestSubscribers > 0) {
                midRun(pool, durationMs * 2 / 3, "digest", jobsFailed, () -> {
                    // The digest that covers the catalogue's newest feed day, whatever today is.
                    LocalDate newest = app.catalogue().feed(Catalogue.FeedQuery.all(), Catalogue.Order.NEWEST, 0, 1)
                            .getFirst().placement().day();
                    var summary = app.digestSender().send(Frequency.DAILY, newest.plusDays(1), false, false);
                    if (summary.failed() > 0) {
                        jobsFailed.set(true);
                    }
                    return summary.describe() + String.format(Locale.ROOT, "; the SMTP sink took %,d messages", sink.messages());
                });
            }
            long start = System.nanoTime();
            var rss = new ArrayList<String>();
            long end = start + durationMs * 1_000_000;
            while (System.nanoTime() < end) {
                Thread.sleep(Math.min(interval * 1_000L, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
                var snapshot = new TreeMap<Route, Stats>(current);
                current.clear();
                long mb = ProcessMemory.residentBytes() >> 20;
                double at = (System.nanoTime() - start) / 60e9;
                rss.add(String.format(Locale.ROOT, "%.1f min: %,d MiB", at, mb));
                System.out.printf(Locale.ROOT, "%n-- %.1f min, RSS %,d MiB, heap %s%n", at, mb, ProcessMemory.describe());
                print(snapshot);
            }
            stop.set(true);
            pool.shutdown();
            pool.awaitTermination(2, java.util.concurrent.TimeUnit.MINUTES);
            double took = (System.nanoTime() - start) / 1e9;

            System.out.printf(Locale.ROOT, "%n== overall, %.0f s%n", took);
            long errors = print(new TreeMap<>(overall));
            long requests = overall.values().stream().mapToLong(s -> s.count).sum();
            firstErrors.forEach((what, body) -> System.out.println("first error " + what + ": " + body));
            System.out.printf(Locale.ROOT, "%,d requests (%,.0f/s), %d errors%nRSS: %s%n", requests, requests / took, errors,
                    String.join(" · ", rss));
            try (var http = new BenchUpvotesCommand.KeepAlive(port)) {
                int healthz = http.send(get("/healthz", null, "10.9.9.9"));
                int readyz = http.send(get("/readyz", null, "10.9.9.9"));
                System.out.printf("after the load: /healthz %d, /readyz %d (%s)%n", healthz, readyz, http.lastBody().strip());
                return errors == 0 && !jobsFailed.get() && healthz == 200 && readyz == 200 ? 0 : 1;
            }
        } finally {
            if (data == null) {
                deleteTree(dir);
            }
        }
    }

    /** Runs {@code job} once, {@code afterMs} into the load, and prints what it did or how it failed. */
    private static void midRun(java.util.concurrent.ExecutorService pool, long afterMs, String what, AtomicBoolean failed,
            Callable<String> job) {
        pool.submit(() -> {
            Thread.sleep(afterMs);
            try {
                System.out.printf(Locale.ROOT, "%n%s during the load: %s%n", what, job.call());
            } catch (Exception e) {
                failed.set(true);
                System.out.printf(Locale.ROOT, "%n%s during the load FAILED: %s%n", what, e);
            }
            return null;
        });
    }

    private static Route pick(Random random) {
        int total = Arrays.stream(Route.values()).mapToInt(r -> r.weight).sum();
        int n = random.nextInt(total);
        for (Route r : Route.values()) {
            n -= r.weight;
            if (n < 0) {
                return r;
            }
        }
        return Route.FEED;
    }

    /** Prints one line per route; returns the errors. */
    private static long print(Map<Route, Stats> stats) {
        long errors = 0;
        System.out.printf(Locale.ROOT, "%-10s %9s %9s %9s %9s %7s%n", "route", "requests", "p50 ms", "p99 ms", "max ms", "errors");
        for (var entry : stats.entrySet()) {
            long[] sorted = entry.getValue().sorted();
            errors += entry.getValue().errors;
            System.out.printf(Locale.ROOT, "%-10s %,9d %9.1f %9.1f %9.1f %7d%n", entry.getKey().label(), sorted.length,
                    percentile(sorted, 0.50), percentile(sorted, 0.99), sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6,
                    entry.getValue().errors);
        }
        return errors;
    }

    private static double percentile(long[] sortedNanos, double p) {
        if (sortedNanos.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p * sortedNanos.length) - 1;
        return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, index))] / 1e6;
    }

    private static byte[] get(String path, String token, String address) {
        return send("GET", path, token, address, null);
    }

    private static byte[] send(String method, String path, String token, String address, String json) {
        byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
        String head = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-For: " + address + "\r\n"
                + (token == null ? "" : "Authorization: Bearer " + token + "\r\n")
                + (json == null ? "" : "Content-Type: application/json\r\n")
                + (method.equals("GET") ? "" : "Content-Length: " + body.length + "\r\n") + "\r\n";
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        byte[] request = Arrays.copyOf(h, h.length + body.length);
        System.arraycopy(body, 0, request, h.length, body.length);
        return request;
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
