package dev.paperboy.ingest;

import java.time.LocalDate;
import java.util.List;

/**
 * A record's OAI-PMH header and, unless the repository deleted it, its arXiv metadata.
 *
 * @param identifier {@code oai:arXiv.org:<id>}
 * @param datestamp when the record last changed (not when the paper was submitted)
 * @param metadata the metadata, or null when {@code deleted}
 */
public record OaiRecord(String identifier, LocalDate datestamp, List<String> setSpecs, boolean deleted,
        ArxivRecord metadata) {
    public OaiRecord {
        setSpecs = List.copyOf(setSpecs);
    }

    /** The arXiv id from the identifier: {@code oai:arXiv.org:hep-th/9901001} → {@code hep-th/9901001}. */
    public String arxivId() {
        int colon = identifier.lastIndexOf(':');
        return colon < 0 ? identifier : identifier.substring(colon + 1);
    }
}
