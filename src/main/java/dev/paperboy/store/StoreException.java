package dev.paperboy.store;

import java.sql.SQLException;

/** A database failure that no caller can repair: the disk, the file or the SQL is wrong. */
public final class StoreException extends RuntimeException {
    public StoreException(SQLException cause) {
        super(cause.getMessage(), cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
