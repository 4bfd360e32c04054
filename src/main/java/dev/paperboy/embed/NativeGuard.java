package dev.paperboy.embed;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the JVM from exiting while a thread is inside ONNX Runtime or the tokenizer. When the JVM exits, the C
 * runtime runs the native libraries' static destructors; a thread still inside a session (creating one, or in
 * {@code run}) then touches freed memory and the process dies with SIGSEGV instead of its exit status — measured:
 * 10 of 16 SIGTERMs to a starting server crashed this way. A shutdown hook therefore asks every run in flight to
 * stop at its next operator and waits until no thread is inside; calls that arrive after it throw
 * {@link Embedder.ClosedException}.
 *
 * <p>Process-wide on purpose: the JVM's exit is process-wide, and every {@link Embedder} shares the library.
 */
final class NativeGuard {
    private static final Logger LOG = LoggerFactory.getLogger(NativeGuard.class);
    // Runs stop within milliseconds of the terminate flag; creating a session cannot be stopped and takes ~1-2 s
    // on a quiet machine. The bound only matters on a machine starved of CPU.
    private static final long EXIT_WAIT_MILLIS = 60_000;
    private static final Object LOCK = new Object();
    private static final Set<OrtSession.RunOptions> RUNS = new HashSet<>();
    private static int inside;
    private static boolean exiting;

    static {
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(NativeGuard::awaitExit, "embedder-exit"));
        } catch (IllegalStateException alreadyExiting) {
            // First used while the JVM exits: no thread may enter from now on.
            exiting = true;
        }
    }

    private NativeGuard() {}

    /**
     * Records that the calling thread enters native code; pair with {@link #leave()} in a {@code finally}.
     *
     * @throws Embedder.ClosedException when the JVM is exiting
     */
    static void enter() {
        synchronized (LOCK) {
            if (exiting) {
                throw new Embedder.ClosedException();
            }
            inside++;
        }
    }

    /** Makes a run in flight stoppable by the exit; the caller has entered. */
    static void track(OrtSession.RunOptions run) {
        synchronized (LOCK) {
            if (exiting) {
                throw new Embedder.ClosedException();
            }
            RUNS.add(run);
        }
    }

    /** Forgets a run before it is closed, so the exit never touches a closed one. */
    static void untrack(OrtSession.RunOptions run) {
        synchronized (LOCK) {
            RUNS.remove(run);
        }
    }

    /** Like {@link #enter}, returning false instead of throwing when the JVM is exiting. */
    static boolean tryEnter() {
        synchronized (LOCK) {
            if (exiting) {
                return false;
            }
            inside++;
            return true;
        }
    }

    /** Whether the JVM has begun to exit (runs in flight are being stopped). */
    static boolean exiting() {
        synchronized (LOCK) {
            return exiting;
        }
    }

    static void leave() {
        synchronized (LOCK) {
            inside--;
            LOCK.notifyAll();
        }
    }

    private static void awaitExit() {
        synchronized (LOCK) {
            exiting = true;
            for (var run : RUNS) {
                try {
                    run.setTerminate(true);
                } catch (OrtException e) {
                    LOG.warn("Cannot ask an embedding run to stop: {}", e.getMessage());
                }
            }
            long deadline = System.nanoTime() + EXIT_WAIT_MILLIS * 1_000_000;
            while (inside > 0) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    LOG.warn("{} thread(s) still inside the embedding model after {} s; exiting anyway", inside,
                            EXIT_WAIT_MILLIS / 1000);
                    return;
                }
                try {
                    LOCK.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
