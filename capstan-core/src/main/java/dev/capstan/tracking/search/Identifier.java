package dev.capstan.tracking.search;

import dev.capstan.CapstanException;

/** A search key split into its entity type and key: {@code metrics.acc} is (METRIC, "acc"). */
record Identifier(EntityType type, String key) {

    static Identifier parse(Token token, String clause) {
        if (token.kind() != Token.Kind.WORD && token.kind() != Token.Kind.QUOTED_KEY) {
            throw CapstanException.invalid("Expected a key at position %d of '%s', found '%s'",
                    token.position(), clause, token.text());
        }
        String text = token.text();
        int dot = text.indexOf('.');
        if (dot < 0) {
            return new Identifier(EntityType.ATTRIBUTE, text);
        }
        EntityType type = EntityType.ofPrefix(text.substring(0, dot));
        if (type == null) {
            throw EntityType.unknownPrefix(text);
        }
        String key = text.substring(dot + 1);
        if (key.isEmpty()) {
            throw CapstanException.invalid("Missing key after '%s' in '%s'", text, clause);
        }
        return new Identifier(type, key);
    }
}
