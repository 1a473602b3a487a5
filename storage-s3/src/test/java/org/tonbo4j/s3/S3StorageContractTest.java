package org.tonbo4j.s3;

import java.io.IOException;
import org.tonbo4j.storage.Storage;
import org.tonbo4j.testing.StorageContract;

/** The engine's {@link Storage} contract, on S3 (s3proxy over HTTP on loopback). */
class S3StorageContractTest extends StorageContract {
    @Override
    protected Storage make(String name) throws IOException {
        return S3Storage.open(S3TestServer.config(name).partBytes(5 << 20).build());
    }
}
