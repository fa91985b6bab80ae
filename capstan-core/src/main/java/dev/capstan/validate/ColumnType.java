package dev.capstan.validate;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The logical type of a column. CSV values are text, read as the type; typed sources (JSON lines, Parquet) must hold
 * the matching Java type, or text that reads as the type when the column has {@code coerce: true}.
 */
public enum ColumnType {
    STRING("str", "string", "object", "varchar", "char", "text", "unicode", "stringtype"),
    INTEGER("int", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "integer", "long",
            "bigint", "smallint", "tinyint", "byteint", "integertype", "longtype", "shorttype", "bytetype"),
    FLOAT("float", "float16", "float32", "float64", "double", "double precision", "number", "real", "decimal",
            "numeric", "floattype", "doubletype", "decimaltype"),
    BOOLEAN("bool", "boolean", "bool_", "booleantype"),
    DATE("date", "datetype"),
    DATETIME("datetime", "datetime64", "datetime64[ns]", "timestamp", "timestamptype", "pandas.timestamp");

    private final String[] aliases;

    ColumnType(String... aliases) {
        this.aliases = aliases;
    }

    /** The name as written in a suite. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type a name stands for: ours, or pandas', numpy's, SQL's or Spark's spelling of it, in any case. */
    public static Optional<ColumnType> named(String name) {
        String lower = name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(t -> t.word().equals(lower) || Arrays.asList(t.aliases).contains(lower))
                .findFirst();
    }

    /** Whether values are numbers, so that numeric checks read them as such. */
    public boolean numeric() {
        return this == INTEGER || this == FLOAT;
    }
}
