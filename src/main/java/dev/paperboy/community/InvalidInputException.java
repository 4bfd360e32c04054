package dev.paperboy.community;

/** What a member sent cannot be accepted as it is; the message says why, in words meant for them (400). */
public final class InvalidInputException extends RuntimeException {
    public InvalidInputException(String message) {
        super(message);
    }
}
