package dev.capstan.cli.tracking;

import dev.capstan.tracking.ViewType;
import picocli.CommandLine;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/** Parses {@code --view active|deleted|all} into a {@link ViewType}. */
final class ViewOption implements CommandLine.ITypeConverter<ViewType>, Iterable<String> {

    @Override
    public ViewType convert(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "active" -> ViewType.ACTIVE_ONLY;
            case "deleted" -> ViewType.DELETED_ONLY;
            case "all" -> ViewType.ALL;
            default -> throw new CommandLine.TypeConversionException(
                    "expected active, deleted or all, found '" + value + "'");
        };
    }

    /** The accepted values, for help and completion. */
    @Override
    public Iterator<String> iterator() {
        return List.of("active", "deleted", "all").iterator();
    }
}
