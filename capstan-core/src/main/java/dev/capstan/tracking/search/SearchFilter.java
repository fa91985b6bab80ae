package dev.capstan.tracking.search;

import dev.capstan.CapstanException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Parses MLflow's search filter grammar: comparisons joined by {@code AND}, each {@code key comparator value}.
 * Metrics compare numbers ({@code = != > >= < <=}); params, tags and string attributes compare quoted strings
 * ({@code = != LIKE ILIKE IN NOT IN}). Which keys exist is decided by the store that runs the search.
 */
public final class SearchFilter {

    private static final Set<String> NUMERIC = Set.of("=", "!=", ">", ">=", "<", "<=");
    private static final Set<String> STRING = Set.of("=", "!=", "LIKE", "ILIKE", "IN", "NOT IN");

    private final String text;
    private final List<Token> tokens;
    private int pos;

    private SearchFilter(String text) {
        this.text = text;
        this.tokens = new Tokenizer(text).tokens();
    }

    /** {@code value} as a single-quoted string of the grammar, for building filters from names that may hold quotes. */
    public static String literal(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** The comparisons of {@code filter}; empty for a null or blank filter. */
    public static List<Comparison> parse(String filter) {
        if (filter == null || filter.isBlank()) {
            return List.of();
        }
        return new SearchFilter(filter).comparisons();
    }

    private List<Comparison> comparisons() {
        List<Comparison> result = new ArrayList<>();
        result.add(comparison());
        while (pos < tokens.size()) {
            Token and = tokens.get(pos++);
            if (!and.text().equalsIgnoreCase("AND")) {
                throw CapstanException.invalid(
                        "Invalid filter '%s': expected AND between comparisons at position %d, found '%s'%s",
                        text, and.position(), and.text(), and.text().equalsIgnoreCase("OR") ? " (OR is not supported)" : "");
            }
            result.add(comparison());
        }
        return List.copyOf(result);
    }

    private Comparison comparison() {
        Identifier id = Identifier.parse(expectToken("a key"), text);
        String comparator = comparator();
        Object value = comparator.endsWith("IN") ? list() : scalar(id, comparator);
        return new Comparison(id.type(), id.key(), comparator, value);
    }

    private String comparator() {
        Token t = expectToken("a comparator");
        String word = t.text().toUpperCase(Locale.ROOT);
        if (word.equals("NOT")) {
            Token in = expectToken("IN after NOT");
            if (!in.text().equalsIgnoreCase("IN")) {
                throw CapstanException.invalid("Invalid filter '%s': expected IN after NOT at position %d", text, in.position());
            }
            return "NOT IN";
        }
        if (t.kind() == Token.Kind.OPERATOR || word.equals("LIKE") || word.equals("ILIKE") || word.equals("IN")) {
            return word;
        }
        throw CapstanException.invalid(
                "Invalid comparator '%s' at position %d of '%s': expected one of =, !=, >, >=, <, <=, LIKE, ILIKE, IN, NOT IN",
                t.text(), t.position(), text);
    }

    private Object scalar(Identifier id, String comparator) {
        Token t = expectToken("a value");
        if (id.type() == EntityType.METRIC) {
            requireComparator(id, comparator, NUMERIC, "metric");
            return number(t, id);
        }
        if (t.kind() == Token.Kind.NUMBER) {
            return t.text();
        }
        if (t.kind() != Token.Kind.STRING) {
            throw CapstanException.invalid(
                    "Invalid value %s for '%s' at position %d of '%s': expected a quoted string like '%s'",
                    t.text(), id.key(), t.position(), text, t.text());
        }
        if (id.type() != EntityType.ATTRIBUTE) {
            requireComparator(id, comparator, STRING, id.type().name().toLowerCase(Locale.ROOT));
        }
        return t.text();
    }

    private Double number(Token t, Identifier id) {
        try {
            return Double.valueOf(t.text());
        } catch (NumberFormatException e) {
            throw CapstanException.invalid("Invalid value '%s' for metric '%s' in '%s': expected a number",
                    t.text(), id.key(), text);
        }
    }

    private List<String> list() {
        Token open = expectToken("'('");
        if (open.kind() != Token.Kind.LPAREN) {
            throw CapstanException.invalid("Invalid filter '%s': expected '(' after IN at position %d", text, open.position());
        }
        List<String> values = new ArrayList<>();
        while (true) {
            Token value = expectToken("a quoted value");
            if (value.kind() != Token.Kind.STRING) {
                throw CapstanException.invalid("Invalid filter '%s': expected a quoted string in the IN list at position %d",
                        text, value.position());
            }
            values.add(value.text());
            Token sep = expectToken("',' or ')'");
            if (sep.kind() == Token.Kind.RPAREN) {
                return List.copyOf(values);
            }
            if (sep.kind() != Token.Kind.COMMA) {
                throw CapstanException.invalid("Invalid filter '%s': expected ',' or ')' at position %d", text, sep.position());
            }
        }
    }

    private void requireComparator(Identifier id, String comparator, Set<String> allowed, String what) {
        if (!allowed.contains(comparator)) {
            throw CapstanException.invalid("Invalid comparator '%s' for %s '%s' in '%s': expected one of %s",
                    comparator, what, id.key(), text, allowed);
        }
    }

    private Token expectToken(String what) {
        if (pos >= tokens.size()) {
            throw CapstanException.invalid("Invalid filter '%s': expected %s at its end", text, what);
        }
        return tokens.get(pos++);
    }
}
