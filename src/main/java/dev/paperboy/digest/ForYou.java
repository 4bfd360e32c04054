package dev.paperboy.digest;

import dev.paperboy.community.InvalidInputException;
import java.util.Locale;

/** Whether a member's digest carries their "for you" recommendations, and in place of what. */
public enum ForYou {
    /** The period's top papers only. */
    OFF,
    /** Their recommendations in place of the top papers. */
    INSTEAD,
    /** The top papers, then their recommendations. */
    BESIDE;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws InvalidInputException for anything but off, instead or beside (a missing value is off) */
    public static ForYou parse(String code) {
        if (code == null || code.isBlank()) {
            return OFF;
        }
        for (ForYou f : values()) {
            if (f.code().equals(code.strip())) {
                return f;
            }
        }
        throw new InvalidInputException("'for you' must be off, instead or beside.");
    }
}
