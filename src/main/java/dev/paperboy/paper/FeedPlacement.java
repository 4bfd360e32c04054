package dev.paperboy.paper;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Where and when a paper entered the daily feed.
 *
 * @param source who put it there; a curated source replaces an automatic one, never the other way round
 * @param submitter the member who submitted it, or null
 */
public record FeedPlacement(LocalDate day, Instant enteredAt, Source source, String submitter) {

    public enum Source {
        /** Every new paper in the configured categories, on its announcement day. */
        ARXIV,
        /** A Hugging Face daily-papers dump or the bundled demo catalogue. */
        HF,
        /** A member submitted it here. */
        SUBMISSION;

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Source fromCode(String code) {
            return valueOf(code.toUpperCase(java.util.Locale.ROOT));
        }
    }
}
