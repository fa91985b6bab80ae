package dev.capstan.data.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.capstan.CapstanException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A YAML file read as DVC reads it (ruamel.yaml, YAML 1.2 core schema) into plain Java values: {@code Map} (in file
 * order), {@code List}, {@code String}, {@code Boolean}, {@code Integer}/{@code Long}/{@code BigInteger},
 * {@code Double} and null. It remembers the line of every mapping key so that errors can point at it. Like
 * ruamel.yaml it refuses duplicate keys and a second document, and follows aliases and merge keys ({@code <<}) of
 * anchored mappings and sequences; Jackson does not report anchors on scalars, so an alias of a scalar is refused,
 * and an explicit {@code !!float} tag on an integer is not followed.
 */
public final class YamlTree {

    private static final YAMLFactory FACTORY = new YAMLFactory();
    /** The start of a plain scalar: not a quote or block indicator, after an anchor if it has one. */
    private static final Pattern PLAIN_START = Pattern.compile("(&[^\\s,\\[\\]{}]+\\s+)?[^'\"|>]");

    private final Path file;
    private final Object root;
    private final Map<Map<?, ?>, Map<String, Integer>> keyLines;

    private YamlTree(Path file, Object root, Map<Map<?, ?>, Map<String, Integer>> keyLines) {
        this.file = file;
        this.root = root;
        this.keyLines = keyLines;
    }

    /** Reads a file; a missing one is "does not exist", a syntax error names the file and line. */
    public static YamlTree read(Path file) {
        try {
            return parse(file, Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw CapstanException.notFound("'%s' does not exist", file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    public static YamlTree parse(Path file, String text) {
        try (YAMLParser parser = FACTORY.createParser(text)) {
            Builder builder = new Builder(file, text, parser);
            return new YamlTree(file, builder.document(), builder.keyLines);
        } catch (JsonProcessingException e) {
            throw syntaxError(file, "YAML", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot parse " + file, e);
        }
    }

    public Path file() {
        return file;
    }

    /** The document's value; null for an empty file. */
    public Object root() {
        return root;
    }

    /** The line of {@code key} in {@code map}, a mapping of this tree; 0 when unknown. */
    public int line(Map<?, ?> map, String key) {
        return keyLines.getOrDefault(map, Map.of()).getOrDefault(key, 0);
    }

    /** An invalid-input error that starts with the file and the line ({@code file:line: }; 0 for none). */
    public CapstanException error(int line, String message) {
        return CapstanException.invalid("%s%s: %s", file, line == 0 ? "" : ":" + line, message);
    }

    /** A parse error of a YAML, JSON or TOML file, with the file, the line and column, and the parser's problem. */
    public static CapstanException syntaxError(Path file, String format, JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String where = at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column "
                + at.getColumnNr();
        // SnakeYAML's message: unindented problem lines, indented position and snippet lines
        String problem = String.join("; ", e.getOriginalMessage().lines()
                .filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0))).toList());
        return CapstanException.invalid("%s: %s syntax error%s: %s", file, format, where, problem);
    }

    /** Builds the tree from Jackson's token stream, re-reading plain scalars by YAML 1.2 rules. */
    private static final class Builder {
        private final Path file;
        private final String text;
        private final boolean onlyBmp;
        private final YAMLParser parser;
        private final Map<String, Object> anchors = new HashMap<>();
        private final Map<Map<?, ?>, Map<String, Integer>> keyLines = new IdentityHashMap<>();

        Builder(Path file, String text, YAMLParser parser) {
            this.file = file;
            this.text = text;
            this.onlyBmp = text.codePointCount(0, text.length()) == text.length();
            this.parser = parser;
        }

        Object document() throws IOException {
            if (parser.nextToken() == null) {
                return null;
            }
            Object root = node();
            if (parser.nextToken() != null) {
                throw CapstanException.invalid("%s:%d: expected a single YAML document, found a second one", file,
                        parser.currentTokenLocation().getLineNr());
            }
            return root;
        }

        private Object node() throws IOException {
            String anchor = parser.getObjectId();
            JsonToken token = parser.currentToken();
            Object value;
            if (token == JsonToken.START_OBJECT) {
                value = mapping();
            } else if (token == JsonToken.START_ARRAY) {
                value = sequence();
            } else if (token == JsonToken.VALUE_STRING && parser.isCurrentAlias()) {
                value = alias(parser.getText());
            } else if (token == JsonToken.VALUE_STRING && !isPlainNonString()) {
                value = parser.getText();
            } else {
                // Jackson typed a plain scalar by YAML 1.1 rules (yes, on: booleans); retype it by YAML 1.2's
                value = Yaml12Scalars.plain(parser.getText());
            }
            if (anchor != null) {
                anchors.put(anchor, value);
            }
            return value;
        }

        /**
         * Whether a scalar that Jackson calls a string is plain and typed otherwise by YAML 1.2 only, such as
         * {@code 0o17} or {@code 08} (integers), unlike a quoted {@code '08'}. Jackson's location of a scalar is
         * its position in code points, at its anchor, tag, quote or first character.
         */
        private boolean isPlainNonString() throws IOException {
            if (Yaml12Scalars.plain(parser.getText()) instanceof String || parser.getTypeId() != null) {
                return false;
            }
            int offset = (int) parser.currentTokenLocation().getCharOffset();
            int at = onlyBmp ? offset : text.offsetByCodePoints(0, offset);
            return PLAIN_START.matcher(text).region(at, text.length()).lookingAt();
        }

        private Map<String, Object> mapping() throws IOException {
            Map<String, Object> map = new LinkedHashMap<>();
            Map<String, Integer> lines = new HashMap<>();
            List<Object> merged = new ArrayList<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                int line = parser.currentTokenLocation().getLineNr();
                parser.nextToken();
                Object value = node();
                if (lines.put(key, line) != null && !key.equals("<<")) {
                    throw CapstanException.invalid("%s:%d: duplicate key '%s'", file, line, key);
                }
                if (key.equals("<<")) {
                    merged.add(value);
                } else {
                    map.put(key, value);
                }
            }
            keyLines.put(map, lines);
            for (Object source : merged) {
                merge(map, lines, source);
            }
            return map;
        }

        /** A merge key's mappings fill in the keys the mapping does not set itself, the first one winning. */
        private void merge(Map<String, Object> map, Map<String, Integer> lines, Object source) {
            if (source instanceof List<?> list) {
                list.forEach(item -> merge(map, lines, item));
            } else if (source instanceof Map<?, ?> from) {
                Map<String, Integer> fromLines = keyLines.getOrDefault(from, Map.of());
                from.forEach((k, v) -> {
                    if (!map.containsKey((String) k)) {
                        map.put((String) k, v);
                        lines.put((String) k, fromLines.getOrDefault(k, lines.get("<<")));
                    }
                });
            } else {
                throw CapstanException.invalid("%s:%d: a merge key '<<' needs a mapping or a list of mappings",
                        file, lines.get("<<"));
            }
        }

        private List<Object> sequence() throws IOException {
            List<Object> list = new ArrayList<>();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                list.add(node());
            }
            return list;
        }

        private Object alias(String name) {
            if (!anchors.containsKey(name)) {
                throw CapstanException.invalid("%s:%d: alias '*%s' refers to no anchored mapping or list", file,
                        parser.currentTokenLocation().getLineNr(), name);
            }
            return anchors.get(name);
        }
    }
}
