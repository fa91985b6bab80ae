package dev.capstan.tracking.internal;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Readable random run names such as {@code brave-otter-417}, for runs created without one (as MLflow does). */
final class RunNames {

    private static final List<String> ADJECTIVES = List.of("amber", "bold", "brave", "bright", "calm", "clever",
            "crisp", "daring", "eager", "gentle", "grand", "keen", "lucid", "merry", "nimble", "polite", "quiet",
            "rapid", "sharp", "steady", "sunny", "swift", "tidy", "vivid", "wise", "witty", "zesty");
    private static final List<String> NOUNS = List.of("anchor", "badger", "beacon", "comet", "crane", "delta",
            "falcon", "fern", "finch", "harbor", "heron", "lynx", "maple", "orca", "otter", "owl", "pike", "quartz",
            "raven", "sail", "spruce", "tern", "tide", "wren", "yak");

    private RunNames() {
    }

    static String random() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return ADJECTIVES.get(r.nextInt(ADJECTIVES.size())) + "-" + NOUNS.get(r.nextInt(NOUNS.size())) + "-"
                + r.nextInt(100, 1000);
    }
}
