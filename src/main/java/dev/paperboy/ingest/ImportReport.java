package dev.paperboy.ingest;

import dev.paperboy.paper.UpsertCounts;
import java.time.Duration;
import java.util.List;

/**
 * What an import did.
 *
 * @param read records read in this run (not counting lines skipped because an earlier run committed them)
 * @param skipped bad records, reported in {@code problems} (the first {@link #MAX_PROBLEMS} of them)
 * @param resumedAfterLine the line an interrupted earlier run had committed, or 0
 * @param truncated whether the input ended in the middle of a record or a compressed stream
 */
public record ImportReport(
        long read, UpsertCounts counts, long skipped, List<Problem> problems, long resumedAfterLine,
        boolean truncated, Duration elapsed) {

    public static final int MAX_PROBLEMS = 100;

    /** A bad record: where it is and what is wrong with it. */
    public record Problem(String source, long line, String reason) {
        @Override
        public String toString() {
            return source + ":" + line + ": " + reason;
        }
    }

    public boolean clean() {
        return skipped == 0 && !truncated;
    }

    public double perSecond() {
        double seconds = Math.max(elapsed.toNanos() / 1e9, 1e-9);
        return read / seconds;
    }

    public String summary() {
        return String.format(java.util.Locale.ROOT,
                "read %,d · inserted %,d · updated %,d · unchanged %,d · skipped %,d%s%s in %.1f s (%,.0f records/s)",
                read, counts.inserted(), counts.updated(), counts.unchanged(), skipped,
                resumedAfterLine > 0 ? " · resumed after line " + resumedAfterLine : "",
                truncated ? " · INPUT TRUNCATED" : "",
                elapsed.toNanos() / 1e9, perSecond());
    }
}
