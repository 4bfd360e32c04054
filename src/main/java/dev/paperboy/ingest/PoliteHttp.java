package dev.paperboy.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.xml.stream.XMLStreamException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GET requests to arXiv, polite by construction: one at a time on one connection, spaced by {@link Politeness}, a
 * User-Agent with a contact address, {@code Retry-After} honoured on 503 and 429 (seconds or an HTTP date),
 * exponential back-off with a cap on other transient failures (connection errors, timeouts, 5xx, a body cut short
 * or malformed), and a total wait after which it gives up with {@link UpstreamUnavailableException}.
 */
public final class PoliteHttp {
    private static final Logger LOG = LoggerFactory.getLogger(PoliteHttp.class);
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("arxiv-http-watchdog").daemon().factory());

    /** Reads a response body; a thrown {@code IOException} or {@code XMLStreamException} means "retry". */
    @FunctionalInterface
    public interface BodyReader<T> {
        T read(int status, InputStream body) throws IOException, XMLStreamException;
    }

    /** Requests sent and retries made, for a run's report. */
    public static final class Stats {
        private int requests;
        private int retries;
        private Duration waited = Duration.ZERO;

        public int requests() {
            return requests;
        }

        public int retries() {
            return retries;
        }

        /** Time spent waiting on Retry-After and back-off (not the regular spacing). */
        public Duration waited() {
            return waited;
        }
    }

    private final HttpClient client;
    private final ArxivSettings settings;
    private final Politeness politeness;
    private final Clock clock;
    private final Sleeper sleeper;

    public PoliteHttp(ArxivSettings settings, Politeness politeness, Clock clock, Sleeper sleeper) {
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        this.settings = settings;
        this.politeness = politeness;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /**
     * Sends a GET and hands the response to {@code reader}, retrying transient failures.
     *
     * @throws UpstreamUnavailableException when the retries would wait longer than {@code harvest.max-wait} in total
     */
    public <T> T get(URI uri, BodyReader<T> reader, Stats stats) throws InterruptedException {
        int attempt = 0;
        while (true) {
            attempt++;
            politeness.awaitTurn();
            stats.requests++;
            Duration wait;
            String problem;
            try {
                var request = HttpRequest.newBuilder(uri).GET()
                        .timeout(settings.timeout())
                        .header("User-Agent", settings.userAgent())
                        .header("Accept", "application/xml, application/atom+xml, text/xml")
                        .build();
                HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
                int status = response.statusCode();
                if (status == 503 || status == 429) {
                    drain(response.body());
                    Duration retryAfter = retryAfter(response.headers().firstValue("Retry-After").orElse(null), clock.instant());
                    problem = "HTTP " + status + (retryAfter != null ? " with Retry-After " + retryAfter.toSeconds() + " s" : "");
                    wait = retryAfter != null ? max(retryAfter, politeness.interval()) : backoff(attempt);
                } else if (status >= 500) {
                    drain(response.body());
                    problem = "HTTP " + status;
                    wait = backoff(attempt);
                } else {
                    try (InputStream body = response.body()) {
                        return readWithDeadline(reader, status, body);
                    }
                }
            } catch (IOException | XMLStreamException e) {
                problem = describe(e);
                wait = backoff(attempt);
            }
            Duration spent = stats.waited.plus(wait);
            if (spent.compareTo(settings.maxWait()) > 0) {
                throw new UpstreamUnavailableException(String.format(
                        "gave up on %s after %d attempt%s: the next retry would bring the total wait to %d s, over "
                                + "harvest.max-wait (%d s); last problem: %s",
                        uri.getHost(), attempt, attempt == 1 ? "" : "s", spent.toSeconds(),
                        settings.maxWait().toSeconds(), problem));
            }
            LOG.warn("{} from {}; retrying in {} s (attempt {})", problem, uri.getHost(), wait.toSeconds(), attempt + 1);
            stats.retries++;
            stats.waited = spent;
            sleeper.sleep(wait);
        }
    }

    /** The whole body must arrive within the timeout; a stalled one is interrupted and counts as a failure. */
    private <T> T readWithDeadline(BodyReader<T> reader, int status, InputStream body)
            throws IOException, XMLStreamException {
        Thread reading = Thread.currentThread();
        var state = new Object() {
            boolean done;
            boolean fired;
        };
        var timer = WATCHDOG.schedule(() -> {
            synchronized (state) {
                if (!state.done) {
                    state.fired = true;
                    reading.interrupt();
                }
            }
        }, settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        try {
            return reader.read(status, body);
        } finally {
            timer.cancel(false);
            synchronized (state) {
                state.done = true;
                if (state.fired) {
                    Thread.interrupted();
                }
            }
        }
    }

    private Duration backoff(int attempt) {
        long factor = 1L << Math.min(attempt - 1, 20);
        Duration wait = settings.backoffInitial().multipliedBy(factor);
        return max(politeness.interval(), wait.compareTo(settings.backoffMax()) > 0 ? settings.backoffMax() : wait);
    }

    /** {@code Retry-After} as seconds or an HTTP date, or null when absent or unreadable. */
    static Duration retryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.strip();
        if (text.matches("\\d{1,9}")) {
            return Duration.ofSeconds(Long.parseLong(text));
        }
        try {
            Instant at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(now, at);
            return wait.isNegative() ? Duration.ZERO : wait;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static void drain(InputStream body) {
        try (body) {
            body.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException e) {
            // The status already says what went wrong; an unreadable error body adds nothing.
        }
    }

    private static String describe(Exception e) {
        String kind = e instanceof java.net.http.HttpTimeoutException ? "timed out"
                : e instanceof XMLStreamException ? "malformed or truncated response"
                : e instanceof java.io.InterruptedIOException || e.getCause() instanceof InterruptedException
                        ? "response stalled past the timeout"
                        : "connection failed";
        return kind + " (" + e.getMessage() + ")";
    }
}
