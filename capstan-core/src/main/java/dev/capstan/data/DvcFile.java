package dev.capstan.data;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.capstan.CapstanException;
import dev.capstan.data.internal.YamlScalars;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code .dvc} file of DVC 3: a list of outputs, each with its md5 (directories: {@code <md5>.dir}), size,
 * {@code nfiles} for directories, {@code isexec} for executable files, {@code hash: md5} and its path relative to
 * the file's directory. Written in DVC's layout and key order (ruamel.yaml block style, list items at column 0).
 *
 * @param file where it lives
 * @param outs its outputs
 */
public record DvcFile(Path file, List<Output> outs) {

    public static final String SUFFIX = ".dvc";
    private static final Pattern MD5 = Pattern.compile("[0-9a-f]{32}(\\.dir)?");
    private static final Pattern WRITTEN_LINE = Pattern.compile(
            "(- |  )(md5|size|nfiles|isexec|hash|path): ([A-Za-z0-9_][A-Za-z0-9_./-]*)");
    private static final Set<String> NULLS = Set.of("null", "Null", "NULL");

    /** One output: {@code md5} is null when not yet computed; {@code nfiles} is null for files. */
    public record Output(String md5, Long size, Integer nfiles, boolean isexec, String path) {

        public boolean isDir() {
            return md5 != null && md5.endsWith(DirObject.SUFFIX);
        }
    }

    public DvcFile {
        outs = List.copyOf(outs);
    }

    /** The absolute path of an output. */
    public Path outputPath(Output out) {
        return file.getParent().resolve(out.path()).normalize();
    }

    /** The file's text, as DVC writes it. */
    public String text() {
        StringBuilder yaml = new StringBuilder("outs:\n");
        for (Output out : outs) {
            yaml.append("- md5: ").append(YamlScalars.scalar(out.md5())).append('\n');
            if (out.size() != null) {
                yaml.append("  size: ").append(out.size()).append('\n');
            }
            if (out.nfiles() != null) {
                yaml.append("  nfiles: ").append(out.nfiles()).append('\n');
            }
            if (out.isexec()) {
                yaml.append("  isexec: true\n");
            }
            yaml.append("  hash: md5\n");
            yaml.append("  path: ").append(YamlScalars.scalar(out.path())).append('\n');
        }
        return yaml.toString();
    }

    /** Reads a {@code .dvc} file; a syntax error names the file and line, a missing one is "does not exist". */
    public static DvcFile read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw CapstanException.notFound("'%s' does not exist", file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        return parse(file, new String(bytes, StandardCharsets.UTF_8));
    }

    static DvcFile parse(Path file, String text) {
        JsonNode root = readWrittenLayout(text);
        try {
            if (root == null) {
                root = readTree(text);
            }
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            // SnakeYAML's message: unindented problem lines, indented position and snippet lines
            String problem = String.join("; ", e.getOriginalMessage().lines()
                    .filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0))).toList());
            throw CapstanException.invalid("%s: YAML syntax error%s: %s", file, where, problem);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot parse " + file, e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw CapstanException.invalid("%s is empty: expected a mapping with 'outs'", file);
        }
        if (!root.isObject() || !root.path("outs").isArray()) {
            throw CapstanException.invalid("%s: expected a mapping with an 'outs' list, found %s", file,
                    root.getNodeType().toString().toLowerCase());
        }
        List<Output> outs = new ArrayList<>();
        for (JsonNode out : root.get("outs")) {
            outs.add(output(file, out));
        }
        return new DvcFile(file, outs);
    }

    /**
     * Reads the exact layout that DVC and Capstan write (an {@code outs} list in block style, known keys, plain
     * values of path-safe characters) as the YAML parser would; null for anything else, which the YAML parser
     * reads. This spares a command the YAML parser's start-up, about a third of a second: more than
     * {@code status} of an unchanged 100,000-file directory otherwise takes (BENCHMARKS.md).
     */
    private static JsonNode readWrittenLayout(String text) {
        if (!text.startsWith("outs:\n")) {
            return null;
        }
        ArrayNode outs = JsonNodeFactory.instance.arrayNode();
        ObjectNode out = null;
        for (String line : text.substring("outs:\n".length()).split("\n")) {
            Matcher m = WRITTEN_LINE.matcher(line);
            if (!m.matches() || NULLS.contains(m.group(3)) || (out == null && m.group(1).equals("  "))) {
                return null;
            }
            if (m.group(1).equals("- ")) {
                out = outs.addObject();
            }
            if (out.has(m.group(2))) {
                return null;
            }
            out.put(m.group(2), m.group(3));
        }
        return outs.isEmpty() ? null : JsonNodeFactory.instance.objectNode().set("outs", outs);
    }

    /**
     * Parses YAML keeping every scalar as its text: SnakeYAML resolves YAML 1.1 types ({@code yes} is a boolean),
     * while DVC's ruamel.yaml reads YAML 1.2, where a path such as {@code yes} or {@code on} is a string.
     */
    private static JsonNode readTree(String text) throws IOException {
        try (JsonParser parser = Yaml.MAPPER.getFactory().createParser(text)) {
            return parser.nextToken() == null ? null : node(parser);
        }
    }

    /** Created on first use: most commands never need it. */
    private static final class Yaml {
        static final YAMLMapper MAPPER = new YAMLMapper();
    }

    private static JsonNode node(JsonParser parser) throws IOException {
        switch (parser.currentToken()) {
            case START_OBJECT -> {
                ObjectNode object = JsonNodeFactory.instance.objectNode();
                while (parser.nextToken() != JsonToken.END_OBJECT) {
                    String name = parser.currentName();
                    parser.nextToken();
                    object.set(name, node(parser));
                }
                return object;
            }
            case START_ARRAY -> {
                ArrayNode array = JsonNodeFactory.instance.arrayNode();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(node(parser));
                }
                return array;
            }
            case VALUE_NULL -> {
                return NullNode.getInstance();
            }
            default -> {
                return TextNode.valueOf(parser.getText());
            }
        }
    }

    private static Long number(Path file, String path, JsonNode out, String key) {
        if (!out.hasNonNull(key)) {
            return null;
        }
        try {
            return Long.parseLong(out.get(key).asText().replace("_", ""));
        } catch (NumberFormatException e) {
            throw CapstanException.invalid("%s: output '%s' has a non-numeric %s '%s'", file, path, key,
                    out.get(key).asText());
        }
    }

    private static Output output(Path file, JsonNode out) {
        if (!out.path("path").isTextual()) {
            throw CapstanException.invalid("%s: every output needs a 'path', found %s", file, out);
        }
        String path = out.get("path").asText();
        if (!out.has("hash")) {
            throw CapstanException.invalid("%s: output '%s' has no 'hash' field: a DVC 2.x file (md5-dos2unix), which "
                    + "Capstan does not read; run `dvc cache migrate --dvc-files` with DVC 3 first", file, path);
        }
        String hash = out.get("hash").asText();
        if (!"md5".equals(hash)) {
            throw CapstanException.invalid("%s: output '%s' uses the unknown hash '%s'; expected 'md5'", file, path, hash);
        }
        String md5 = out.hasNonNull("md5") ? out.get("md5").asText() : null;
        if (md5 != null && !MD5.matcher(md5).matches()) {
            throw CapstanException.invalid("%s: output '%s' has a malformed md5 '%s'; expected 32 hex digits, "
                    + "with '.dir' for a directory", file, path, md5);
        }
        Long size = number(file, path, out, "size");
        Long nfiles = number(file, path, out, "nfiles");
        boolean isexec = out.hasNonNull("isexec") && out.get("isexec").asText().equalsIgnoreCase("true");
        return new Output(md5, size, nfiles == null ? null : nfiles.intValue(), isexec, path);
    }
}
