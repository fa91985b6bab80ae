package dev.capstan.cli.internal;

import dev.capstan.tracking.TrackingStores;

/** The capstan server a command talks to. */
public final class ServerUrl {

    private ServerUrl() {
    }

    /** {@code explicit} when given, else the tracking URI when it is http(s), else {@code http://127.0.0.1:5000}. */
    public static String resolve(String explicit) {
        if (explicit != null) {
            return explicit;
        }
        String tracking = TrackingStores.resolveUri(null);
        return tracking.startsWith("http://") || tracking.startsWith("https://") ? tracking : "http://127.0.0.1:5000";
    }
}
