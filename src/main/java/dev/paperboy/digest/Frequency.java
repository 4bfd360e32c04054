package dev.paperboy.digest;

import dev.paperboy.community.InvalidInputException;
import java.util.Locale;

/** How often a digest goes out: every weekday, or once a week on the configured day. */
public enum Frequency {
    DAILY, WEEKLY;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws InvalidInputException unless {@code code} is {@code daily} or {@code weekly} */
    public static Frequency parse(String code) {
        String c = code == null ? "" : code.strip().toLowerCase(Locale.ROOT);
        return switch (c) {
            case "daily" -> DAILY;
            case "weekly" -> WEEKLY;
            default -> throw new InvalidInputException("frequency must be daily or weekly, not '"
                    + (c.length() > 40 ? c.substring(0, 40) + "…" : c) + "'.");
        };
    }
}
