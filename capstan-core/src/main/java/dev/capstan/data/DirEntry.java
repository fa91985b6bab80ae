package dev.capstan.data;

/** One file of a tracked directory: its path inside the directory (posix separators) and its md5. */
public record DirEntry(String relpath, String md5) {
}
