package dev.paperboy.community;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Slows password guessing without locking the owner out. Failures are counted per (client address, account): after
 * {@code free} failures from one address, each further attempt from there must wait twice as long as the one
 * before (1 s, 2 s, 4 s … up to {@code maxDelay}). Someone guessing from elsewhere never delays the owner's login,
 * and a correct password clears the count. Guessing across many accounts from one address is held by the per-address
 * {@link RateLimiter} ({@code ratelimit.login}).
 */
public final class LoginThrottle {
    private static final Duration FIRST_DELAY = Duration.ofSeconds(1);

    private final int free;
    private final Duration maxDelay;
    private final Clock clock;
    private final Cache<String, Failures> failures;

    private record Failures(int count, Instant retryAt) {}

    public LoginThrottle(int free, Duration maxDelay, Clock clock) {
        this.free = free;
        this.maxDelay = maxDelay;
        this.clock = clock;
        // A day without failures forgets them.
        this.failures = Caffeine.newBuilder().expireAfterWrite(Duration.ofDays(1)).maximumSize(200_000).build();
    }

    /** @throws RateLimitedException while this address must wait before trying this account again */
    public void check(String address, String account) {
        Failures f = failures.getIfPresent(key(address, account));
        Instant now = clock.instant();
        if (f != null && f.retryAt() != null && now.isBefore(f.retryAt())) {
            Duration wait = Duration.between(now, f.retryAt());
            throw new RateLimitedException("Too many wrong passwords for this account from your address. Try again in "
                    + humane(wait) + ", or reset the password.", wait);
        }
    }

    public synchronized void failed(String address, String account) {
        String key = key(address, account);
        Failures before = failures.getIfPresent(key);
        int count = before == null ? 1 : before.count() + 1;
        Instant retryAt = null;
        if (count >= free) {
            int doublings = Math.min(30, count - free);
            Duration delay = FIRST_DELAY.multipliedBy(1L << doublings);
            retryAt = clock.instant().plus(delay.compareTo(maxDelay) > 0 ? maxDelay : delay);
        }
        failures.put(key, new Failures(count, retryAt));
    }

    public void succeeded(String address, String account) {
        failures.invalidate(key(address, account));
    }

    private static String key(String address, String account) {
        return address + "|" + (account == null ? "" : account.strip().toLowerCase(java.util.Locale.ROOT));
    }

    private static String humane(Duration d) {
        long seconds = Math.max(1, d.toSeconds() + (d.toNanosPart() > 0 ? 1 : 0));
        return seconds < 120 ? seconds + (seconds == 1 ? " second" : " seconds") : (seconds + 59) / 60 + " minutes";
    }
}
