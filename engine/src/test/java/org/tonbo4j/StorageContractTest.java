package org.tonbo4j;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;
import org.tonbo4j.storage.LocalStorage;
import org.tonbo4j.storage.MemoryStorage;
import org.tonbo4j.storage.Storage;
import org.tonbo4j.storage.TieredStorage;
import org.tonbo4j.testing.CrashStorage;
import org.tonbo4j.testing.StorageContract;

/** The {@link Storage} contract ({@link StorageContract}), checked against every implementation in the engine. */
class StorageContractTest {
    @TempDir
    static Path dir;

    @Nested
    class Memory extends StorageContract {
        @Override
        protected Storage make(String name) {
            return new MemoryStorage();
        }
    }

    @Nested
    class CrashSimulatingMemory extends StorageContract {
        @Override
        protected Storage make(String name) {
            return new CrashStorage(1);
        }
    }

    @Nested
    class Local extends StorageContract {
        @Override
        protected Storage make(String name) throws IOException {
            return new LocalStorage(dir.resolve("local-" + name));
        }
    }

    @Nested
    class Tiered extends StorageContract {
        @Override
        protected Storage make(String name) throws IOException {
            return TieredStorage.builder(new LocalStorage(dir.resolve("tiered-" + name)))
                    .levelsFrom(1, new MemoryStorage()).build();
        }
    }
}
