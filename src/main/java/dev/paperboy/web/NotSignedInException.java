package dev.paperboy.web;

/** The request needs a member and has none: 401 for the API, a redirect to the login page for pages. */
final class NotSignedInException extends RuntimeException {
    NotSignedInException(String message) {
        super(message);
    }
}
