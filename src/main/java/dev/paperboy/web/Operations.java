package dev.paperboy.web;

import io.javalin.http.Context;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * What an operator's tools ask the server: {@code /healthz} (the process answers), {@code /readyz} (it can serve:
 * the database answers and the search index is open; also what is still catching up) and {@code /metrics}
 * (Prometheus text: requests by route and status with latency histograms, queues, digests, harvest, JVM).
 */
public final class Operations {
    /**
     * The request attribute, set by {@link #timing()} before anything else runs, that the inner handlers fill with
     * the matched route: a template such as {@code /papers/<id>}, never a raw path.
     */
    static final String ROUTE = "paperboy.route";

    /** Records the route that answers this request, for the request counts. */
    static void route(Object routeHolder, String route) {
        if (routeHolder instanceof String[] holder) {
            holder[0] = route;
        }
    }

    /** One readiness check's outcome; {@code ok == false} on any check makes {@code /readyz} answer 503. */
    public record Check(boolean ok, String detail) {}

    /**
     * @param checks named checks, run on each {@code /readyz}; a check that throws counts as failed
     * @param catchingUp named facts about work still in progress (papers waiting to be indexed or embedded), shown
     *     by {@code /readyz} without making it fail: a server catching up serves pages meanwhile
     */
    public record Readiness(Map<String, Supplier<Check>> checks, Map<String, Supplier<Object>> catchingUp) {}

    private final PrometheusMeterRegistry registry;
    private final Readiness readiness;
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicBoolean stopping = new AtomicBoolean();

    public Operations(PrometheusMeterRegistry registry, Readiness readiness) {
        this.registry = registry;
        this.readiness = readiness;
        registry.gauge("http.server.requests.active", active);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    void healthz(Context ctx) {
        ctx.contentType("text/plain; charset=utf-8").result("ok\n");
    }

    void readyz(Context ctx) {
        var checks = new LinkedHashMap<String, Object>();
        boolean ready = !stopping.get();
        if (stopping.get()) {
            checks.put("server", Map.of("ok", false, "detail", "shutting down"));
        }
        for (var check : readiness.checks().entrySet()) {
            Check result;
            try {
                result = check.getValue().get();
            } catch (RuntimeException e) {
                result = new Check(false, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            }
            ready &= result.ok();
            checks.put(check.getKey(), Map.of("ok", result.ok(), "detail", result.detail()));
        }
        var catching = new LinkedHashMap<String, Object>();
        for (var fact : readiness.catchingUp().entrySet()) {
            try {
                catching.put(fact.getKey(), fact.getValue().get());
            } catch (RuntimeException e) {
                catching.put(fact.getKey(), "unknown (" + e.getMessage() + ")");
            }
        }
        var body = new LinkedHashMap<String, Object>();
        body.put("ready", ready);
        body.put("checks", checks);
        body.put("catchingUp", catching);
        ctx.status(ready ? 200 : 503).contentType(Rendered.JSON).result(HfJson.bytes(HfJson.MAPPER.valueToTree(body)));
    }

    void metrics(Context ctx) {
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape());
    }

    /** From now on {@code /readyz} answers 503, so that a balancer stops sending new requests before the server stops. */
    void stopping() {
        stopping.set(true);
    }

    /** Requests being answered now. */
    public int active() {
        return active.get();
    }

    /**
     * A Jetty handler in front of everything (the response cache's fast path included) that times each request and
     * counts it by method, route and status when its response is complete.
     */
    Handler.Wrapper timing() {
        return new Handler.Wrapper() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                long start = System.nanoTime();
                active.incrementAndGet();
                var route = new String[1];
                request.setAttribute(ROUTE, route);
                var done = new AtomicBoolean();
                Runnable record = () -> {
                    if (done.compareAndSet(false, true)) {
                        active.decrementAndGet();
                        timer(request.getMethod(), route[0] == null ? "unmatched" : route[0], response.getStatus())
                                .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
                    }
                };
                Callback timed = new Callback() {
                    @Override
                    public void succeeded() {
                        record.run();
                        callback.succeeded();
                    }

                    @Override
                    public void failed(Throwable failure) {
                        record.run();
                        callback.failed(failure);
                    }

                    @Override
                    public InvocationType getInvocationType() {
                        return callback.getInvocationType();
                    }
                };
                try {
                    boolean handled = super.handle(request, response, timed);
                    if (!handled) {
                        record.run();
                    }
                    return handled;
                } catch (Exception | Error e) {
                    record.run();
                    throw e;
                }
            }
        };
    }

    private Timer timer(String method, String route, int status) {
        return Timer.builder("http.server.requests")
                .description("HTTP requests by method, route template and status")
                .tag("method", method)
                .tag("route", route)
                .tag("status", Integer.toString(status))
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
    }

    private static final Duration[] BUCKETS = {
            Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofMillis(2_500), Duration.ofSeconds(5), Duration.ofSeconds(10)};
}
