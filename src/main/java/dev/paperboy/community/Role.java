package dev.paperboy.community;

import java.util.Locale;

/** What a member may do. Each role can do everything the ones before it can. */
public enum Role {
    /** Votes, comments, submits, keeps a library. */
    MEMBER,
    /** Also hides abusive comments, and sees the hidden ones. */
    CURATOR,
    /** Also changes other members' roles. */
    ADMIN;

    public boolean atLeast(Role other) {
        return compareTo(other) >= 0;
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws InvalidInputException for anything but member, curator or admin */
    public static Role fromCode(String code) {
        for (Role role : values()) {
            if (role.code().equals(code == null ? "" : code.strip().toLowerCase(Locale.ROOT))) {
                return role;
            }
        }
        throw new InvalidInputException("role must be member, curator or admin, not '" + code + "'");
    }
}
