package dev.capstan.tracking;

import dev.capstan.store.Database;
import dev.capstan.store.StoreUri;
import dev.capstan.tracking.internal.RestTrackingStore;
import dev.capstan.tracking.internal.SqlTrackingStore;

/**
 * The one registry of tracking store implementations, chosen by URI scheme: {@code sqlite:} and
 * {@code postgresql:} open the SQL store, {@code http(s):} talks to a remote server's REST API.
 */
public final class TrackingStores {

    /** Environment variables that name a tracking URI, in order of precedence. */
    public static final String[] URI_VARIABLES = {"CAPSTAN_TRACKING_URI", "MLFLOW_TRACKING_URI"};

    private TrackingStores() {
    }

    public static TrackingStore open(String uri) {
        StoreUri parsed = StoreUri.parse(uri);
        return parsed.scheme() == StoreUri.Scheme.HTTP
                ? new RestTrackingStore(uri)
                : new SqlTrackingStore(Database.open(uri));
    }

    /** The URI given explicitly, else the first environment variable set, else the default SQLite store. */
    public static String resolveUri(String explicit) {
        if (explicit != null && !explicit.isBlank()) {
            return explicit;
        }
        for (String variable : URI_VARIABLES) {
            String value = System.getenv(variable);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return StoreUri.DEFAULT;
    }
}
