package dev.paperboy.ingest;

/**
 * A harvest that cannot go on: arXiv rejected the request ({@code badArgument}, {@code badVerb}, …), another harvest
 * holds the lease, or the upstream stayed unavailable. Nothing half-done is committed; the watermark is unchanged.
 */
public final class HarvestException extends RuntimeException {
    public HarvestException(String message) {
        super(message);
    }

    public HarvestException(String message, Throwable cause) {
        super(message, cause);
    }
}
