package dev.capstan.data.remote;

import dev.capstan.data.remote.internal.LocalDataRemote;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Against a remote in a local directory, checking DVC's layout on disk. */
class LocalObjectTransferTest extends ObjectTransferContract {

    @Override
    DataRemote remote() {
        return new LocalDataRemote("../../remote", dir.resolve("remote"));
    }

    @Override
    void corrupt(DataRemote remote, String hash) throws IOException {
        Path object = dir.resolve("remote").resolve(DataRemote.key(hash));
        Files.writeString(object, "tampered");
    }
}
