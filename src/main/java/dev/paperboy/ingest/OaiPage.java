package dev.paperboy.ingest;

import java.time.Instant;
import java.util.List;

/**
 * One complete OAI-PMH response: its records, the token for the next page, or the repository's error.
 *
 * @param responseDate when the repository answered; the watermark of a finished harvest
 * @param resumptionToken the next page's token, or null when this page ends the list
 * @param error the OAI error ({@code noRecordsMatch}, {@code badResumptionToken}, …), or null
 */
public record OaiPage(Instant responseDate, List<OaiRecord> records, String resumptionToken, Error error) {
    public OaiPage {
        records = List.copyOf(records);
    }

    /** An OAI-PMH {@code <error code="…">message</error>}. */
    public record Error(String code, String message) {}

    public boolean isLast() {
        return resumptionToken == null;
    }
}
