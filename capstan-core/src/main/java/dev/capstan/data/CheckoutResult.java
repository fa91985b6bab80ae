package dev.capstan.data;

import java.util.List;

/**
 * What a checkout did.
 *
 * @param restored files written into the workspace (relative to the repository root)
 * @param removed  files removed from tracked directories (with {@code --force})
 * @param unchanged how many files already matched
 */
public record CheckoutResult(List<String> restored, List<String> removed, int unchanged) {
}
