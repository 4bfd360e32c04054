package dev.paperboy.feed;

/** A date, week or month in a request that does not parse or does not exist. */
public final class InvalidPeriodException extends IllegalArgumentException {
    public InvalidPeriodException(String message) {
        super(message);
    }
}
