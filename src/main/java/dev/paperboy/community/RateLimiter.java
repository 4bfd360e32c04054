package dev.paperboy.community;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * At most {@code limit} attempts per key (an IP address, an account) in each fixed window of time. Counts live in
 * memory: with several servers behind a balancer each enforces its own share, which is enough to stop password
 * guessing and sign-up floods.
 */
public final class RateLimiter {
    private final String action;
    private final int limit;
    private final Duration window;
    private final Clock clock;
    private final Cache<String, Window> windows;

    private static final class Window {
        final Instant start;
        int count;

        Window(Instant start) {
            this.start = start;
        }
    }

    /** Parses {@code "10/15m"}: ten per fifteen minutes (units s, m, h, d). */
    public static RateLimiter parse(String action, String spec, Clock clock) {
        try {
            String[] parts = spec.strip().split("/");
            int limit = Integer.parseInt(parts[0].strip());
            String per = parts[1].strip().toLowerCase(java.util.Locale.ROOT);
            long amount = per.length() == 1 ? 1 : Long.parseLong(per.substring(0, per.length() - 1));
            Duration window = switch (per.charAt(per.length() - 1)) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                case 'd' -> Duration.ofDays(amount);
                default -> throw new IllegalArgumentException();
            };
            return new RateLimiter(action, limit, window, clock);
        } catch (RuntimeException e) {
            throw new dev.paperboy.ConfigException("rate limit for " + action + " must look like 10/15m (count/period with s, m, h or d), not '" + spec + "'");
        }
    }

    public RateLimiter(String action, int limit, Duration window, Clock clock) {
        this.action = action;
        this.limit = limit;
        this.window = window;
        this.clock = clock;
        this.windows = Caffeine.newBuilder().expireAfterWrite(window).maximumSize(100_000).build();
    }

    /**
     * Counts one attempt for each key (null keys are skipped).
     *
     * @throws RateLimitedException when any key is over its limit; the attempt is then not counted for the others
     */
    public void acquire(String... keys) {
        Instant now = clock.instant();
        synchronized (this) {
            for (String key : keys) {
                if (key == null) {
                    continue;
                }
                Window w = current(key, now);
                if (w.count >= limit) {
                    Duration wait = Duration.between(now, w.start.plus(window));
                    throw new RateLimitedException("Too many " + action + " attempts. Try again in "
                            + humane(wait) + ".", wait.isNegative() ? Duration.ZERO : wait);
                }
            }
            for (String key : keys) {
                if (key != null) {
                    current(key, now).count++;
                }
            }
        }
    }

    private Window current(String key, Instant now) {
        Window w = windows.get(key, k -> new Window(now));
        if (!now.isBefore(w.start.plus(window))) {
            w = new Window(now);
            windows.put(key, w);
        }
        return w;
    }

    private static String humane(Duration d) {
        long seconds = Math.max(1, d.toSeconds());
        return seconds < 120 ? seconds + " seconds" : (seconds + 59) / 60 + " minutes";
    }
}
