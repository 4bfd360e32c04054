package dev.paperboy.web;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;

/** Reads query parameters strictly: a malformed value is the client's error (400), never silently replaced. */
final class Params {
    private Params() {}

    static int positiveInt(Context ctx, String name, int fallback) {
        return intInRange(ctx, name, fallback, 1, Integer.MAX_VALUE);
    }

    static int intInRange(Context ctx, String name, int fallback, int min, int max) {
        String value = ctx.queryParam(name);
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n < min || n > max) {
                throw new BadRequestResponse(name + " must be between " + min + " and " + max + ", not " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new BadRequestResponse(name + " must be a whole number, not '" + abbreviate(value) + "'");
        }
    }

    static String abbreviate(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "…" : value;
    }
}
