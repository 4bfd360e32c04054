package dev.paperboy.backup;

/**
 * A whole-database job that would do harm, refused before it writes anything: the data is in use by a running
 * server, or the database to write holds data of its own. The CLI ends with exit status 4.
 */
public final class RefusedException extends RuntimeException {
    public RefusedException(String message) {
        super(message);
    }
}
