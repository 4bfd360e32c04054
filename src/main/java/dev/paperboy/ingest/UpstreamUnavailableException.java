package dev.paperboy.ingest;

/** arXiv kept failing (or asking us to wait) for longer than {@code harvest.max-wait}; nothing was lost. */
public final class UpstreamUnavailableException extends RuntimeException {
    public UpstreamUnavailableException(String message) {
        super(message);
    }
}
