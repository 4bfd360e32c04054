package dev.paperboy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ThreadPriorityTest {

    @Test
    void a_lowered_thread_runs_at_the_niceness_asked_for_and_other_threads_keep_theirs() throws Exception {
        assumeTrue(Files.isSymbolicLink(Path.of("/proc/thread-self")), "Linux only");
        int before = niceness();
        assumeTrue(before < ThreadPriority.SEARCH, "the tests already run at a lower priority than a search's");
        var lowered = new AtomicInteger(Integer.MIN_VALUE);
        Thread thread = Thread.ofPlatform().start(() -> {
            ThreadPriority.lowerCurrent(ThreadPriority.SEARCH);
            lowered.set(niceness());
        });
        thread.join();

        assertThat(lowered.get()).isEqualTo(ThreadPriority.SEARCH);
        assertThat(niceness()).isEqualTo(before);
    }

    /** The calling thread's nice value: field 19 of its stat line, counted after the command name's parenthesis. */
    private static int niceness() {
        try {
            String stat = Files.readString(Path.of("/proc/thread-self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Integer.parseInt(fields[16]);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
