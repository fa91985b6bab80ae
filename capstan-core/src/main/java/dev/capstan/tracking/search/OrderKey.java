package dev.capstan.tracking.search;

import dev.capstan.CapstanException;

import java.util.List;
import java.util.Locale;

/** One {@code order_by} entry, such as {@code metrics.`val loss` DESC}; ascending unless it says DESC. */
public record OrderKey(EntityType type, String key, boolean ascending) {

    /** Parses an order clause; a bare key is an attribute, as in MLflow. */
    public static OrderKey parse(String clause) {
        List<Token> tokens = new Tokenizer(clause == null ? "" : clause).tokens();
        if (tokens.isEmpty() || tokens.size() > 2) {
            throw CapstanException.invalid("Invalid order_by clause '%s': expected '<key> [ASC|DESC]'", clause);
        }
        boolean ascending = true;
        if (tokens.size() == 2) {
            String direction = tokens.get(1).text().toUpperCase(Locale.ROOT);
            if (!direction.equals("ASC") && !direction.equals("DESC")) {
                throw CapstanException.invalid(
                        "Invalid order_by clause '%s': expected ASC or DESC after the key, found '%s'",
                        clause, tokens.get(1).text());
            }
            ascending = direction.equals("ASC");
        }
        Identifier id = Identifier.parse(tokens.get(0), clause);
        return new OrderKey(id.type(), id.key(), ascending);
    }
}
