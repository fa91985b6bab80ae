package dev.capstan.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.capstan.CapstanException;
import dev.capstan.data.internal.Md5;
import dev.capstan.data.internal.PythonJson;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A directory's {@code .dir} object as dvc-data writes it: a JSON list of {@code {"md5": ..., "relpath": ...}}
 * sorted by relpath (by code point, as Python sorts strings), serialized like Python's {@code json.dumps(...,
 * sort_keys=True)}: separators {@code ", "} and {@code ": "}, non-ASCII escaped as {@code \\uXXXX}. The directory's
 * hash is the md5 of these bytes followed by {@code .dir}.
 */
public final class DirObject {

    /** Jackson's streaming parser alone: it starts far faster than an {@code ObjectMapper}. */
    private static final JsonFactory JSON = new JsonFactory();

    /** What a directory object's name ends with, after its md5. */
    public static final String SUFFIX = ".dir";

    /** Orders relpaths by Unicode code point, as Python's {@code sorted} does. */
    public static final Comparator<String> CODE_POINT_ORDER = PythonJson.CODE_POINT_ORDER;

    private DirObject() {
    }

    /** The object's bytes; {@code entries} need not be sorted. */
    public static byte[] bytes(List<DirEntry> entries) {
        List<DirEntry> sorted = new ArrayList<>(entries);
        boolean surrogates = entries.stream().anyMatch(e -> hasSurrogate(e.relpath()));
        // without surrogate pairs UTF-16 order is code point order, and String.compareTo is much faster
        sorted.sort(Comparator.comparing(DirEntry::relpath, surrogates ? CODE_POINT_ORDER : Comparator.naturalOrder()));
        Ascii json = new Ascii(sorted.size() * 80 + 2);
        json.append('[');
        for (int i = 0; i < sorted.size(); i++) {
            json.append(i == 0 ? "{\"md5\": " : ", {\"md5\": ");
            quote(json, sorted.get(i).md5());
            json.append(", \"relpath\": ");
            quote(json, sorted.get(i).relpath());
            json.append('}');
        }
        json.append(']');
        return json.toByteArray();
    }

    /** A growable ASCII byte buffer: the object is built as bytes directly, without a String copy. */
    private static final class Ascii {
        private byte[] bytes;
        private int size;

        Ascii(int capacity) {
            bytes = new byte[Math.max(16, capacity)];
        }

        void append(char c) {
            if (size == bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, bytes.length * 2);
            }
            bytes[size++] = (byte) c;
        }

        void append(String s) {
            for (int i = 0; i < s.length(); i++) {
                append(s.charAt(i));
            }
        }

        byte[] toByteArray() {
            return java.util.Arrays.copyOf(bytes, size);
        }
    }

    /** The directory hash of these bytes: their md5 plus {@code .dir}. */
    public static String hash(byte[] bytes) {
        return Md5.of(bytes) + SUFFIX;
    }

    /** Parses an object's bytes; {@code name} says which object in errors. */
    public static List<DirEntry> parse(byte[] bytes, String name) {
        try (JsonParser parser = JSON.createParser(bytes)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw corrupted(name, "expected a JSON list");
            }
            List<DirEntry> entries = new ArrayList<>();
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                entries.add(entry(parser, name));
            }
            if (parser.currentToken() != JsonToken.END_ARRAY || parser.nextToken() != null) {
                throw corrupted(name, "expected a list of {\"md5\", \"relpath\"} objects");
            }
            return entries;
        } catch (IOException e) {
            throw corrupted(name, e.getMessage());
        }
    }

    /** One {@code {"md5": ..., "relpath": ...}} entry; other fields (older DVC versions wrote some) are skipped. */
    private static DirEntry entry(JsonParser parser, String name) throws IOException {
        String md5 = null;
        String relpath = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (field.equals("md5") && value == JsonToken.VALUE_STRING) {
                md5 = parser.getText();
            } else if (field.equals("relpath") && value == JsonToken.VALUE_STRING) {
                relpath = parser.getText();
            } else {
                parser.skipChildren();
            }
        }
        if (md5 == null || relpath == null) {
            throw corrupted(name, "an entry lacks md5 or relpath");
        }
        return new DirEntry(relpath, md5);
    }

    private static CapstanException corrupted(String name, String problem) {
        return CapstanException.invalid("The directory object %s is corrupted: %s", name, problem);
    }

    /** Plain ASCII goes straight into the buffer; anything to escape is quoted as Python's json does. */
    private static void quote(Ascii out, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                out.append(PythonJson.quoted(s));
                return;
            }
        }
        out.append('"');
        out.append(s);
        out.append('"');
    }

    private static boolean hasSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isSurrogate(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

}
