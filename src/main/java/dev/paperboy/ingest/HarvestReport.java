package dev.paperboy.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * What one harvest did; also what {@code /status} shows for the last one.
 *
 * @param outcome {@code running}, {@code ok}, {@code failed}, or {@code interrupted} (its process died)
 * @param read records read, deleted ones included
 * @param deleted records the repository reports as deleted
 * @param skipped records that could not become a paper (no title, a malformed id), logged and left out
 * @param watermark the {@code from} the next harvest will start at: the responseDate of the last complete one
 * @param message why it failed, or null
 */
public record HarvestReport(
        String stream, Instant started, Instant finished, String outcome, int requests, int retries, long read,
        long inserted, long updated, long unchanged, long deleted, long skipped, Instant watermark, String message) {

    public Duration elapsed() {
        return finished == null ? Duration.ZERO : Duration.between(started, finished);
    }

    public boolean ok() {
        return outcome.equals("ok");
    }

    public String summary() {
        return String.format(Locale.ROOT,
                "%s: %d request%s (%d retr%s) · read %,d · inserted %,d · updated %,d · unchanged %,d · deleted %,d"
                        + " · skipped %,d · watermark %s%s",
                outcome, requests, requests == 1 ? "" : "s", retries, retries == 1 ? "y" : "ies", read, inserted,
                updated, unchanged, deleted, skipped, watermark == null ? "none" : watermark,
                message == null ? "" : " · " + message);
    }
}
