package dev.paperboy.ingest;

/**
 * The arXiv API refused a query and said why in its error feed (HTTP 400, an entry titled "Error").
 *
 * @see #arxivMessage()
 */
public final class ArxivApiException extends RuntimeException {
    private final int status;
    private final String arxivMessage;

    public ArxivApiException(int status, String arxivMessage) {
        super("arXiv API error (HTTP " + status + "): " + arxivMessage);
        this.status = status;
        this.arxivMessage = arxivMessage;
    }

    public int status() {
        return status;
    }

    /** arXiv's own words, e.g. "incorrect id format for abc". */
    public String arxivMessage() {
        return arxivMessage;
    }
}
