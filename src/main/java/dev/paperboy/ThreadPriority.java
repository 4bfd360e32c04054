package dev.paperboy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lowers the scheduling priority of a thread that does heavy work, so that it computes mostly with the CPU that
 * cheap requests leave idle. Java's own thread priorities are ignored on Linux (they need root there), but Linux
 * schedules threads, not processes, so the thread's niceness is set with {@code renice} on its thread id. Where that
 * is not possible (not Linux, no {@code renice}) the thread keeps its priority and everything still works, only less
 * politely.
 */
public final class ThreadPriority {
    private static final Logger LOG = LoggerFactory.getLogger(ThreadPriority.class);
    /**
     * Background work (embedding, keywords): nice 10 weighs about a tenth of a request thread at nice 0, ample when
     * the cores are idle, little under load.
     */
    public static final int BACKGROUND = 10;
    /**
     * Searches: nice 5 weighs about a third of a request thread, and three times background work. A search takes
     * milliseconds of CPU; at this weight it still uses every idle core, but a page view or a health check that
     * wakes up meanwhile runs first instead of sharing a core with it.
     */
    public static final int SEARCH = 5;
    private static final ThreadLocal<Boolean> LOWERED = ThreadLocal.withInitial(() -> false);

    private ThreadPriority() {}

    /** Sets the calling (platform) thread's niceness to {@code nice}; does nothing the second time. */
    public static void lowerCurrent(int nice) {
        if (LOWERED.get()) {
            return;
        }
        LOWERED.set(true);
        Path self = Path.of("/proc/thread-self");
        try {
            if (!Files.isSymbolicLink(self)) {
                return;
            }
            String tid = Files.readSymbolicLink(self).getFileName().toString();
            Process renice = new ProcessBuilder("renice", "-n", Integer.toString(nice), "-p", tid)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!renice.waitFor(10, TimeUnit.SECONDS)) {
                renice.destroy();
            } else if (renice.exitValue() == 0) {
                LOG.debug("Thread {} ({}) now runs at nice {}", Thread.currentThread().getName(), tid, nice);
            }
        } catch (IOException e) {
            LOG.debug("Cannot lower the priority of {}: {}", Thread.currentThread().getName(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
