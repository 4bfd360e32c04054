package dev.paperboy.cli;

import dev.paperboy.App;
import dev.paperboy.Config;
import dev.paperboy.paper.Catalogue;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Search abuse against the real server: N clients send long, distinct queries (about 90 distinct words, just under
 * the limits, so every one is real work and none is cached) as fast as they are answered, while a probe asks for
 * {@code /healthz} and a feed page every 50 ms. Prints the probe's latencies when quiet and under abuse.
 * {@code --unguarded} runs searches as before the search guard (on the request's thread, no per-client limit,
 * no cache), for the before/after comparison.
 */
@Command(name = "search-abuse", mixinStandardHelpOptions = true,
        description = "/healthz and page latency while N clients send long distinct searches; --unguarded for the "
                + "server without search limits (before), default with them (after).")
final class BenchSearchAbuseCommand implements Callable<Integer> {
    @Option(names = "--data", paramLabel = "DIR", description = "an existing data directory (not in use by a server); "
            + "default: a temporary one with the demo catalogue")
    Path data;

    @Option(names = "--clients", defaultValue = "8", description = "abusive clients (default ${DEFAULT-VALUE})")
    int clients;

    @Option(names = "--seconds", defaultValue = "15", description = "seconds of abuse (default ${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--unguarded", description = "searches on the request thread, no per-client limits, no cache")
    boolean unguarded;

    @Option(names = "--many-addresses", description = "lift the per-client limits (as if each client had its own "
            + "address), so that only the search threads, their queue and the cache protect the server")
    boolean manyAddresses;

    @Override
    public Integer call() throws Exception {
        Path dir = data != null ? data : Files.createTempDirectory("paperboy-bench-search");
        var settings = new HashMap<>(Map.of("data.dir", dir.toString(), "server.host", "127.0.0.1", "server.port", "0",
                "search.embed", "false", "harvest.schedule", "false", "digest.schedule", "false"));
        if (unguarded) {
            settings.putAll(Map.of("search.threads", "-1", "search.per-client", "1000000",
                    "ratelimit.search", "1000000/1s", "search.cache-ttl", "0", "search.max-clauses", "100000"));
        }
        if (manyAddresses) {
            settings.putAll(Map.of("search.per-client", "1000000", "ratelimit.search", "1000000/1s"));
        }
        Config config = Config.load(null, Map.of(), settings);
        try (var app = new App(config, Clock.systemUTC())) {
            app.loadDemoIfEmpty();
            String base = "http://127.0.0.1:" + app.serve().port();
            List<String> vocabulary = vocabulary(app);
            System.out.printf(Locale.ROOT, "server %s, %,d papers, %d cores, search guard %s; %d clients for %d s%n",
                    base, app.catalogue().count(), Runtime.getRuntime().availableProcessors(),
                    unguarded ? "OFF (before)" : manyAddresses ? "on, per-client limits lifted" : "on (after)", clients, seconds);

            probe(base, Duration.ofSeconds(5), null);
            Probe quiet = probe(base, Duration.ofSeconds(5), null);
            var stop = new AtomicBoolean();
            var statuses = new ConcurrentHashMap<Integer, AtomicLong>();
            var abusers = new ArrayList<Thread>();
            for (int c = 0; c < clients; c++) {
                int seed = c;
                abusers.add(Thread.ofPlatform().start(() -> abuse(base, vocabulary, seed, stop, statuses)));
            }
            Probe loaded = probe(base, Duration.ofSeconds(seconds), stop);
            stop.set(true);
            for (var abuser : abusers) {
                abuser.join();
            }
            var counted = new TreeMap<Integer, Long>();
            statuses.forEach((status, n) -> counted.put(status, n.get()));
            long searches = counted.values().stream().mapToLong(Long::longValue).sum();
            System.out.printf(Locale.ROOT, "probes: %d quiet, %d under abuse (every 50 ms after the previous answer)%n",
                    quiet.health.size(), loaded.health.size());
            System.out.printf(Locale.ROOT, "quiet:       /healthz p50 %6.1f ms  p99 %6.1f ms  max %6.1f ms | /papers p50 %6.1f ms  p99 %6.1f ms%n",
                    quiet.p(quiet.health, 0.5), quiet.p(quiet.health, 0.99), quiet.p(quiet.health, 1), quiet.p(quiet.page, 0.5), quiet.p(quiet.page, 0.99));
            System.out.printf(Locale.ROOT, "under abuse: /healthz p50 %6.1f ms  p99 %6.1f ms  max %6.1f ms | /papers p50 %6.1f ms  p99 %6.1f ms%n",
                    loaded.p(loaded.health, 0.5), loaded.p(loaded.health, 0.99), loaded.p(loaded.health, 1), loaded.p(loaded.page, 0.5), loaded.p(loaded.page, 0.99));
            System.out.printf(Locale.ROOT, "searches:    %,d answered (%.1f/s), by status %s; probe errors %d%n",
                    searches, searches / (double) seconds, counted, quiet.errors + loaded.errors);
            return quiet.errors + loaded.errors == 0 ? 0 : 1;
        } finally {
            if (data == null) {
                try (var paths = Files.walk(dir)) {
                    for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }

    private static List<String> vocabulary(App app) {
        var words = new LinkedHashSet<String>();
        for (var listing : app.catalogue().feed(Catalogue.FeedQuery.all(), Catalogue.Order.NEWEST, 0, 2_000)) {
            for (String w : (listing.paper().title() + " " + listing.paper().abstractText()).toLowerCase(Locale.ROOT).split("[^a-z]+")) {
                if (w.length() >= 4) {
                    words.add(w);
                }
            }
        }
        return List.copyOf(words);
    }

    private static void abuse(String base, List<String> vocabulary, int seed, AtomicBoolean stop,
            Map<Integer, AtomicLong> statuses) {
        var random = new Random(seed);
        try (var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()) {
            while (!stop.get()) {
                var words = new LinkedHashSet<String>();
                var q = new StringBuilder();
                while (words.size() < 90 && q.length() < 900) {
                    String w = vocabulary.get(random.nextInt(vocabulary.size()));
                    if (words.add(w)) {
                        q.append(w).append(' ');
                    }
                }
                var request = HttpRequest.newBuilder(URI.create(base + "/search?q="
                        + URLEncoder.encode(q.toString().strip(), StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(60)).build();
                int status;
                try {
                    status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                } catch (java.io.IOException e) {
                    status = -1;
                } catch (InterruptedException e) {
                    return;
                }
                statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
                if (status == 429) {
                    // A well-behaved client would wait for Retry-After; an abusive one tries again at once.
                    Thread.onSpinWait();
                }
            }
        }
    }

    private static final class Probe {
        final List<Double> health = new ArrayList<>();
        final List<Double> page = new ArrayList<>();
        int errors;

        double p(List<Double> values, double q) {
            if (values.isEmpty()) {
                return Double.NaN;
            }
            double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
            Arrays.sort(sorted);
            return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1 < 0 ? 0 : Math.ceil(q * sorted.length) - 1)];
        }
    }

    private static Probe probe(String base, Duration length, AtomicBoolean stop) throws InterruptedException {
        var probe = new Probe();
        long end = System.nanoTime() + length.toNanos();
        try (var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()) {
            while (System.nanoTime() < end) {
                probe.health.add(time(http, base + "/healthz", probe));
                probe.page.add(time(http, base + "/papers", probe));
                Thread.sleep(50);
            }
        }
        return probe;
    }

    private static double time(HttpClient http, String url, Probe probe) throws InterruptedException {
        long start = System.nanoTime();
        try {
            int status = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status != 200) {
                probe.errors++;
            }
        } catch (java.io.IOException e) {
            probe.errors++;
        }
        return (System.nanoTime() - start) / 1e6;
    }
}
