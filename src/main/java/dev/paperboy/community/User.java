package dev.paperboy.community;

import java.time.Instant;

/** A member. The password hash never leaves {@link Accounts}. */
public record User(String id, String email, String name, Role role, boolean verified, Instant createdAt) {
    public boolean can(Role needed) {
        return role.atLeast(needed);
    }
}
