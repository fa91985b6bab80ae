package dev.capstan.tracking.search;

/** A lexical token of the search grammar. */
record Token(Kind kind, String text, int position) {

    enum Kind { WORD, QUOTED_KEY, STRING, NUMBER, OPERATOR, LPAREN, RPAREN, COMMA }
}
