package dev.paperboy;

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
                } catch (RuntimeException e) {
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

    @Override
    public void close() {
        synchronized (rest) {
            running = false;
            rest.notifyAll();
        }
        for (Thread thread : threads) {
            try {
                thread.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
