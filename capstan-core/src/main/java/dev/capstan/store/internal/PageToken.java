package dev.capstan.store.internal;

import dev.capstan.CapstanException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Opaque page tokens: base64 of {@code {"offset": N}}, the same shape MLflow uses. */
public final class PageToken {

    private PageToken() {
    }

    public static int offset(String token) {
        if (token == null || token.isEmpty()) {
            return 0;
        }
        try {
            String json = new String(Base64.getUrlDecoder().decode(token.replace('+', '-').replace('/', '_')),
                    StandardCharsets.UTF_8);
            int offset = Integer.parseInt(json.replaceAll("[^0-9-]", ""));
            if (offset < 0 || !json.contains("\"offset\"")) {
                throw new IllegalArgumentException();
            }
            return offset;
        } catch (IllegalArgumentException e) {
            throw CapstanException.invalid("Invalid page token '%s': pass the next_page_token of a previous response", token);
        }
    }

    /** The token of the page after one that started at {@code offset} and held {@code size} of {@code limit} rows. */
    public static String next(int offset, int size, int limit, boolean more) {
        if (!more || size < limit) {
            return null;
        }
        String json = "{\"offset\": " + (offset + size) + "}";
        return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** Checks a requested page size against a maximum and returns it, or the default when absent. */
    public static int maxResults(Integer requested, int defaultValue, int max) {
        if (requested == null) {
            return defaultValue;
        }
        if (requested < 1 || requested > max) {
            throw CapstanException.invalid("Invalid value %d for parameter 'max_results': expected 1 to %d", requested, max);
        }
        return requested;
    }
}
