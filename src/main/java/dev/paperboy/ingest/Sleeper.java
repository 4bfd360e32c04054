package dev.paperboy.ingest;

import java.time.Duration;

/** Waits. Injected beside a {@code Clock} so that tests advance time instead of sleeping through it. */
@FunctionalInterface
public interface Sleeper {
    Sleeper REAL = duration -> Thread.sleep(duration.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
