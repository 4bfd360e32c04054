package dev.paperboy.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many people searching at once, over HTTP against the real server: {@code clients} connections share the query
 * list, each query sent once, and every client has its own address (through {@code X-Forwarded-For} from a trusted
 * proxy) so per-client limits apply as they would to people. Meanwhile a probe asks for {@code /healthz} every 20
 * ms: a search load must not delay it. What {@code bench search --clients N} reports for each route.
 */
final class SearchLoad {
    /** One route's figures: latencies sorted, in ms; answers by status; the probe's latencies sorted. */
    record Result(String route, int clients, double rate, int queries, double seconds, double[] millis,
            Map<Integer, Long> statuses, double[] healthMillis, long healthErrors) {

        double qps() {
            return queries / seconds;
        }

        String describe() {
            return String.format(Locale.ROOT, "paperboy-http route=%s clients=%d offered=%s queries=%d qps=%.1f p50_ms=%.1f "
                            + "p99_ms=%.1f max_ms=%.1f statuses=%s healthz_p50_ms=%.1f healthz_p99_ms=%.1f healthz_errors=%d",
                    route, clients, rate > 0 ? String.format(Locale.ROOT, "%.0f/s", rate) : "back-to-back", queries, qps(), percentile(millis, 0.5), percentile(millis, 0.99),
                    percentile(millis, 1), statuses, percentile(healthMillis, 0.5), percentile(healthMillis, 0.99), healthErrors);
        }
    }

    private SearchLoad() {}

    /**
     * Sends each of {@code queries} once to {@code route} (ending in {@code q=}) through {@code clients} connections:
     * back to back when {@code rate} is 0 (closed loop: the latency is then about clients / throughput, whatever the
     * server does), else at {@code rate} queries per second in all, each on its schedule (open loop, as people
     * arrive); a latency counts from the scheduled moment, so a slow answer also delays the next ones' figures.
     */
    static Result run(int port, String route, List<String> queries, int clients, double rate) throws InterruptedException {
        var next = new AtomicInteger();
        var millis = new double[queries.size()];
        var statuses = new ConcurrentHashMap<Integer, AtomicLong>();
        var done = new AtomicBoolean();
        var health = new double[1 << 16];
        var probes = new AtomicInteger();
        var healthErrors = new AtomicLong();
        Thread probe = Thread.ofPlatform().name("healthz-probe").start(() -> {
            try (var http = new BenchUpvotesCommand.KeepAlive(port)) {
                byte[] request = get("/healthz", "10.3.0.1");
                while (!done.get() && probes.get() < health.length) {
                    long t = System.nanoTime();
                    if (http.send(request) != 200) {
                        healthErrors.incrementAndGet();
                    }
                    health[probes.getAndIncrement()] = (System.nanoTime() - t) / 1e6;
                    Thread.sleep(20);
                }
            } catch (Exception e) {
                healthErrors.incrementAndGet();
            }
        });
        var threads = new Thread[clients];
        long start = System.nanoTime();
        long every = rate > 0 ? (long) (1e9 / rate) : 0;  // the i-th query is due at start + i * every
        for (int c = 0; c < clients; c++) {
            String address = "10.2." + (c / 250) + "." + (c % 250 + 1);
            threads[c] = Thread.ofPlatform().name("searcher-" + c).start(() -> {
                try (var http = new BenchUpvotesCommand.KeepAlive(port)) {
                    for (int i = next.getAndIncrement(); i < queries.size(); i = next.getAndIncrement()) {
                        byte[] request = get(route + URLEncoder.encode(queries.get(i), StandardCharsets.UTF_8), address);
                        long t = System.nanoTime();
                        if (every > 0) {
                            long due = start + i * every;
                            if (due > t) {
                                Thread.sleep((due - t) / 1_000_000, (int) ((due - t) % 1_000_000));
                            }
                            t = due;
                        }
                        int status = http.send(request);
                        millis[i] = (System.nanoTime() - t) / 1e6;
                        statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
                    }
                } catch (java.io.IOException e) {
                    statuses.computeIfAbsent(-1, s -> new AtomicLong()).incrementAndGet();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        done.set(true);
        probe.join();
        var counted = new TreeMap<Integer, Long>();
        statuses.forEach((status, n) -> counted.put(status, n.get()));
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        double[] healthSorted = Arrays.copyOf(health, probes.get());
        Arrays.sort(healthSorted);
        return new Result(route.replaceFirst("\\?.*", ""), clients, rate, queries.size(), seconds, sorted, counted,
                healthSorted, healthErrors.get());
    }

    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static byte[] get(String path, String address) {
        return ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-For: " + address + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }
}
