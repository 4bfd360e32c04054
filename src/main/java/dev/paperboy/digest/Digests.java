package dev.paperboy.digest;

import dev.paperboy.community.RateLimiter;
import java.time.Clock;

/** The digest feature as the web layer sees it: subscriptions, composition for previews, and their limits. */
public record Digests(Subscriptions subscriptions, DigestComposer composer, DigestSchedule schedule,
        RateLimiter subscribeLimit, Clock clock) {}
