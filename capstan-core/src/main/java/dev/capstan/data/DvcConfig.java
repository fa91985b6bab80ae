package dev.capstan.data;

import dev.capstan.data.internal.IniFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A DVC repository's configuration: {@code .dvc/config} (committed) and {@code .dvc/config.local} (ignored by git,
 * for secrets and machine-specific settings), read and written in DVC's INI format. Reads merge the two, the local
 * file winning; writes go to the level asked for and are saved atomically. Sections are named as in the files:
 * {@code core}, {@code cache}, {@code remote "storage"}; like DVC, section names and keys are read in lower case.
 * Temporary files go to {@code .dvc/tmp}, which DVC's {@code .dvc/.gitignore} ignores. Not thread-safe.
 */
public final class DvcConfig {

    /** Where a setting is stored. */
    public enum Level {
        REPO("config"), LOCAL("config.local");

        private final String fileName;

        Level(String fileName) {
            this.fileName = fileName;
        }

        public String fileName() {
            return fileName;
        }
    }

    /** Remote options that hold credentials: {@code capstan remote modify} stores them in config.local. */
    public static final Set<String> SECRET_OPTIONS = Set.of("access_key_id", "secret_access_key", "session_token",
            "password", "ask_password", "gdrive_client_secret", "account_key", "sas_token", "client_secret",
            "connection_string", "token", "key", "passphrase");

    private final Path dvcDir;
    private final Map<Level, IniFile> files = new EnumMap<>(Level.class);

    private DvcConfig(Path dvcDir) {
        this.dvcDir = dvcDir;
    }

    /** Reads the configuration of the repository at {@code repoRoot}; missing files are empty. */
    public static DvcConfig load(Path repoRoot) {
        DvcConfig config = new DvcConfig(repoRoot.resolve(".dvc"));
        for (Level level : Level.values()) {
            config.files.put(level, read(config.dvcDir.resolve(level.fileName())));
        }
        return config;
    }

    /** The merged value, or {@code null}. */
    public String get(String section, String key) {
        return section(section).get(key);
    }

    /** The merged entries of a section, in file order, the local file's last; empty when it is absent. */
    public Map<String, String> section(String section) {
        Map<String, String> merged = new LinkedHashMap<>();
        files.values().forEach(ini -> merged.putAll(ini.sections().getOrDefault(section, Map.of())));
        return merged;
    }

    /** The entries of a section in one file only; empty when it is absent there. */
    public Map<String, String> sectionAt(Level level, String section) {
        return Collections.unmodifiableMap(files.get(level).sections().getOrDefault(section, Map.of()));
    }

    /** The names of the remotes defined at either level, in file order. */
    public List<String> remoteNames() {
        List<String> names = new ArrayList<>();
        files.values().forEach(ini -> ini.sections().keySet().stream()
                .map(DvcConfig::remoteName).flatMap(Optional::stream)
                .filter(name -> !names.contains(name)).forEach(names::add));
        return names;
    }

    /** The section of a remote: {@code remote "name"}. */
    public static String remoteSection(String name) {
        return "remote \"" + name + "\"";
    }

    public DvcConfig set(Level level, String section, String key, String value) {
        files.get(level).sections().computeIfAbsent(section, s -> new LinkedHashMap<>()).put(key, value);
        return this;
    }

    /** Removes a key; returns whether it was there. */
    public boolean unset(Level level, String section, String key) {
        Map<String, String> entries = files.get(level).sections().get(section);
        return entries != null && entries.remove(key) != null;
    }

    /** Removes a whole section at one level; returns whether it was there. */
    public boolean removeSection(Level level, String section) {
        return files.get(level).sections().remove(section) != null;
    }

    /** Writes both files (each atomically: a temporary file, then a rename); a level with no settings stays absent. */
    public void save() {
        for (Level level : Level.values()) {
            String text = files.get(level).write();
            Path file = dvcDir.resolve(level.fileName());
            if (!text.isEmpty() || Files.exists(file) || level == Level.REPO) {
                write(file, text);
            }
        }
    }

    /** Whether {@code option} of a remote holds a credential, so belongs in config.local. */
    public static boolean isSecret(String option) {
        return SECRET_OPTIONS.contains(option.toLowerCase(Locale.ROOT));
    }

    private static Optional<String> remoteName(String section) {
        return section.matches("^\\s*remote\\s*\".*\"\\s*$")
                ? Optional.of(section.substring(section.indexOf('"') + 1, section.lastIndexOf('"')))
                : Optional.empty();
    }

    private static IniFile read(Path file) {
        try {
            return IniFile.parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (NoSuchFileException e) {
            return IniFile.parse("", file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Path tmp = Files.createDirectories(file.getParent().resolve("tmp"));
            Path temp = Files.createTempFile(tmp, file.getFileName() + ".", ".tmp");
            try {
                Files.writeString(temp, text, StandardCharsets.UTF_8);
                try {
                    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }
}
