package dev.paperboy.community;

/** The member is known but their role or ownership does not allow this (403). */
public final class PermissionDeniedException extends RuntimeException {
    public PermissionDeniedException(String message) {
        super(message);
    }
}
