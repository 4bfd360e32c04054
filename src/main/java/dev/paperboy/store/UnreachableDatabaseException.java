package dev.paperboy.store;

/** The database server cannot be reached, or refused the credentials: an operator's fix, not a bug. */
public final class UnreachableDatabaseException extends RuntimeException {
    public UnreachableDatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
