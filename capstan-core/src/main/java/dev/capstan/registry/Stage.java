package dev.capstan.registry;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.capstan.CapstanException;

import java.util.Locale;

/** A model version's stage, with MLflow's spelling on the wire ({@code None}, {@code Staging}, ...). */
public enum Stage {
    NONE("None"), STAGING("Staging"), PRODUCTION("Production"), ARCHIVED("Archived");

    private final String wireName;

    Stage(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** Parses a stage case-insensitively, as MLflow does. */
    @JsonCreator
    public static Stage of(String value) {
        for (Stage s : values()) {
            if (s.wireName.toLowerCase(Locale.ROOT).equals(value == null ? "" : value.trim().toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw CapstanException.invalid("Invalid Model Version stage: '%s'. Value must be one of None, Staging, "
                + "Production, Archived.", value);
    }
}
