package dev.paperboy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Reads against running nodes, as people reading the site behind a load balancer: each client keeps one connection
 * to one node (clients spread over the nodes in turn) and asks for the feed, trending, paper pages and the API. With
 * several nodes, the same load runs first against the first node alone, then against all, so the two figures come
 * from one run on one machine.
 */
@Command(name = "reads", mixinStandardHelpOptions = true,
        description = "Page and API reads/s against running nodes on 127.0.0.1 (e.g. two `paperboy serve` processes "
                + "sharing PostgreSQL), first against one node, then spread over all: reads/s, p50/p99 and the ratio.")
final class BenchReadsCommand implements Callable<Integer> {
    @Option(names = "--ports", required = true, split = ",", paramLabel = "PORT[,PORT…]", description = "the nodes' ports on 127.0.0.1")
    List<Integer> ports;

    @Option(names = "--clients", defaultValue = "50", description = "concurrent clients in all (default ${DEFAULT-VALUE})")
    int clients;

    @Option(names = "--seconds", defaultValue = "30", description = "measured seconds per configuration (default ${DEFAULT-VALUE})")
    int seconds;

    @Override
    public Integer call() throws Exception {
        List<String> paths = paths(ports.getFirst());
        System.out.printf("%d routes (feed, trending, %d paper pages and their API records); %d clients; %d s each%n",
                paths.size(), (paths.size() - 3) / 2, clients, seconds);
        Result warm = run(List.of(ports.getFirst()), paths, Math.max(1, seconds / 3));
        System.out.println("warm-up: " + warm.describe());
        Result one = run(List.of(ports.getFirst()), paths, seconds);
        System.out.println("1 node:  " + one.describe());
        if (ports.size() > 1) {
            Result all = run(ports, paths, seconds);
            System.out.println(ports.size() + " nodes: " + all.describe());
            System.out.printf(Locale.ROOT, "ratio: %d nodes serve %.2fx the reads/s of one%n", ports.size(), all.perSecond() / one.perSecond());
        }
        return one.errors() == 0 ? 0 : 1;
    }

    /** The feed, trending, and for the feed's first papers their pages and API records. */
    private static List<String> paths(int port) throws Exception {
        var http = HttpClient.newHttpClient();
        var response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/daily_papers?limit=20")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the node on port " + port + " answered " + response.statusCode() + " to /api/daily_papers");
        }
        JsonNode papers = new ObjectMapper().readTree(response.body());
        var paths = new ArrayList<>(List.of("/papers", "/papers/trending", "/api/daily_papers"));
        for (JsonNode p : papers) {
            String id = p.path("paper").path("id").asText();
            paths.add("/papers/" + id);
            paths.add("/api/papers/" + id);
        }
        return paths;
    }

    record Result(long reads, double seconds, double[] millis, Map<Integer, Long> statuses, long errors) {
        double perSecond() {
            return reads / seconds;
        }

        String describe() {
            return String.format(Locale.ROOT, "%,d reads in %.1f s: %.0f reads/s, p50 %.1f ms, p99 %.1f ms, statuses %s, errors %d",
                    reads, seconds, perSecond(), SearchLoad.percentile(millis, 0.5), SearchLoad.percentile(millis, 0.99),
                    statuses, errors);
        }
    }

    private Result run(List<Integer> nodes, List<String> paths, int forSeconds) throws InterruptedException {
        long end = System.nanoTime() + forSeconds * 1_000_000_000L;
        var statuses = new ConcurrentHashMap<Integer, AtomicLong>();
        var errors = new AtomicLong();
        var latencies = new double[clients][];
        var counts = new int[clients];
        var threads = new Thread[clients];
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            int client = c;
            int port = nodes.get(c % nodes.size());
            threads[c] = Thread.ofPlatform().name("reader-" + c).start(() -> {
                double[] mine = new double[1 << 16];
                int n = 0;
                try (var http = new BenchUpvotesCommand.KeepAlive(port)) {
                    for (int i = client; System.nanoTime() < end; i++) {
                        byte[] request = ("GET " + paths.get(i % paths.size()) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                + "Accept-Encoding: gzip\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
                        long t = System.nanoTime();
                        int status = http.send(request);
                        if (n < mine.length) {
                            mine[n++] = (System.nanoTime() - t) / 1e6;
                        }
                        statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
                    }
                } catch (java.io.IOException | RuntimeException e) {
                    errors.incrementAndGet();
                }
                latencies[client] = mine;
                counts[client] = n;
            });
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        int total = Arrays.stream(counts).sum();
        double[] all = new double[total];
        int at = 0;
        for (int c = 0; c < clients; c++) {
            System.arraycopy(latencies[c], 0, all, at, counts[c]);
            at += counts[c];
        }
        Arrays.sort(all);
        var counted = new TreeMap<Integer, Long>();
        statuses.forEach((status, n) -> counted.put(status, n.get()));
        long reads = counted.values().stream().mapToLong(Long::longValue).sum();
        long failed = errors.get() + counted.entrySet().stream().filter(e -> e.getKey() != 200).mapToLong(Map.Entry::getValue).sum();
        return new Result(reads, elapsed, all, counted, failed);
    }
}
