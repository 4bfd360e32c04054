package dev.paperboy.community;

/** The thing a request names (a comment, a token) does not exist, or not for this member (404). */
public final class NotFoundException extends RuntimeException {
    public NotFoundException(String message) {
        super(message);
    }
}
