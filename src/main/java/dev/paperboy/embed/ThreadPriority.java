package dev.paperboy.embed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lowers the scheduling priority of a background thread, so that it computes only with the CPU that requests leave
 * idle. Java's own thread priorities are ignored on Linux (they need root there), but Linux schedules threads, not
 * processes, so the thread's niceness is set with {@code renice} on its thread id. Where that is not possible (not
 * Linux, no {@code renice}) the thread keeps its priority and everything still works, only less politely.
 */
public final class ThreadPriority {
    private static final Logger LOG = LoggerFactory.getLogger(ThreadPriority.class);
    // Nice 10 weighs about a tenth of a request thread at nice 0: ample when the cores are idle, little under load.
    private static final String NICE = "10";
    private static final ThreadLocal<Boolean> LOWERED = ThreadLocal.withInitial(() -> false);

    private ThreadPriority() {}

    /** Lowers the calling (platform) thread's priority; does nothing the second time. */
    public static void lowerCurrent() {
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
            Process renice = new ProcessBuilder("renice", "-n", NICE, "-p", tid)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!renice.waitFor(10, TimeUnit.SECONDS)) {
                renice.destroy();
            } else if (renice.exitValue() == 0) {
                LOG.debug("Thread {} ({}) now runs at nice {}", Thread.currentThread().getName(), tid, NICE);
            }
        } catch (IOException e) {
            LOG.debug("Cannot lower the priority of {}: {}", Thread.currentThread().getName(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
