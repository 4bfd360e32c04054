package dev.paperboy.ingest;

import java.time.Instant;
import java.util.List;

/**
 * One complete OAI-PMH response: its records, the token for the next page, or the repository's error.
 *
 * @param responseDate when the repository answered; the watermark of a finished harvest
 * @param resumptionToken the next page's token, or null when this page ends the list
 * @param error the OAI error ({@code noRecordsMatch}, {@code badResumptionToken}, …), or null
 * @param listSize records in the whole list (the token's {@code completeListSize}), or -1 when not said
 * @param cursor records of the list before this page (the token's {@code cursor}), or -1 when not said
 */
public record OaiPage(Instant responseDate, List<OaiRecord> records, String resumptionToken, Error error, long listSize,
        long cursor) {
    public OaiPage {
        records = List.copyOf(records);
    }

    public OaiPage(Instant responseDate, List<OaiRecord> records, String resumptionToken, Error error) {
        this(responseDate, records, resumptionToken, error, -1, -1);
    }

    /** An OAI-PMH {@code <error code="…">message</error>}. */
    public record Error(String code, String message) {}

    public boolean isLast() {
        return resumptionToken == null;
    }
}
