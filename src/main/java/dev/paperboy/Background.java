package dev.paperboy;

import dev.paperboy.embed.Embedder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's background loops (search indexing, embedding). Each repeats its step while the step finds work,
 * and rests when it finds none; a failing step is logged and retried after a pause, never in a tight loop.
 */
final class Background implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Background.class);

    private final List<Thread> threads = new ArrayList<>();
    private final Object rest = new Object();
    private volatile boolean running = true;

    void start(String name, IntSupplier step, Duration idle) {
        threads.add(Thread.ofPlatform().name(name).daemon().start(() -> {
            while (running) {
                try {
                    if (step.getAsInt() == 0) {
                        pause(idle);
                    }
                } catch (Embedder.ClosedException e) {
                    // The model is closed for good: the JVM is exiting (NativeGuard's shutdown hook can run before
                    // App.close stops the loops) or the app is closing. Nothing to retry, nothing went wrong.
                    LOG.info("{} stopped: {}", name, e.getMessage());
                    return;
                } catch (RuntimeException e) {
                    if (!running) {
                        // Shutting down: the step was abandoned on purpose (e.g. the model closed under it).
                        LOG.debug("{} stopped mid-step at shutdown: {}", name, e.getMessage());
                        return;
                    }
                    LOG.error("{} failed; retrying in 30 s", name, e);
                    pause(Duration.ofSeconds(30));
                }
            }
        }));
    }

    // Waiting on a monitor, not interrupting: an interrupt during file I/O would close Lucene's and SQLite's files.
    private void pause(Duration duration) {
        synchronized (rest) {
            if (running) {
                try {
                    rest.wait(duration.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** Asks every loop to stop after its current step; returns at once. */
    void stop() {
        synchronized (rest) {
            running = false;
            rest.notifyAll();
        }
    }

    /**
     * Waits up to {@code timeout} for every loop to finish its step; returns whether all did. A loop still running
     * may still use the database, the index or the model, so the caller must not free them when this is false.
     */
    boolean awaitStopped(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread thread : threads) {
            try {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !thread.join(Duration.ofNanos(left))) {
                    return false;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        stop();
        awaitStopped(Duration.ofSeconds(30));
    }
}
