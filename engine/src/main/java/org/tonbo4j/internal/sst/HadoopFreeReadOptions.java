package org.tonbo4j.internal.sst;

import java.lang.reflect.Constructor;
import java.util.Collections;
import java.util.Map;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.bytes.ByteBufferAllocator;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.crypto.FileDecryptionProperties;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.format.converter.ParquetMetadataConverter;
import org.apache.parquet.hadoop.ParquetMetricsCallback;

/**
 * {@link ParquetReadOptions} built without Hadoop on the class path.
 *
 * <p>In parquet-java 1.18.1 every public way to build read options touches Hadoop: the
 * no-argument builder creates a Hadoop {@code Configuration}, and the builder taking a
 * {@link PlainParquetConfiguration} creates parquet's Hadoop-based {@code CodecFactory}
 * (NoClassDefFoundError for {@code ZlibCompressor}). So the package-private constructor that
 * takes a {@link ParquetConfiguration} is called by reflection (allowed on the class path with no
 * JVM flags; the parquet version is pinned), with {@link PureJavaCodecs} and a plain
 * configuration. If a later parquet changes that constructor, the plain builder is tried, which
 * works once upstream stops creating the Hadoop codec factory eagerly. Immutable and shared.
 */
final class HadoopFreeReadOptions {
    private static final Constructor<ParquetReadOptions> CONSTRUCTOR = constructor();
    private static final ParquetReadOptions OPTIONS = build(PureJavaCodecs.INSTANCE);

    private HadoopFreeReadOptions() {
    }

    /** The shared options: our codecs, page checksums verified, no record filter, heap buffers. */
    static ParquetReadOptions get() {
        return OPTIONS;
    }

    /** Options like {@link #get()} with other codecs (e.g. {@link PageCachingCodecs}). */
    static ParquetReadOptions with(CompressionCodecFactory codecs) {
        return build(codecs);
    }

    private static Constructor<ParquetReadOptions> constructor() {
        try {
            Constructor<ParquetReadOptions> c = ParquetReadOptions.class.getDeclaredConstructor(
                    boolean.class, boolean.class, boolean.class, boolean.class, boolean.class, boolean.class,
                    boolean.class, boolean.class, boolean.class, FilterCompat.Filter.class,
                    ParquetMetadataConverter.MetadataFilter.class, CompressionCodecFactory.class,
                    ByteBufferAllocator.class, int.class, Map.class, FileDecryptionProperties.class,
                    ParquetMetricsCallback.class, ParquetConfiguration.class);
            c.setAccessible(true);
            return c;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static ParquetReadOptions build(CompressionCodecFactory codecs) {
        try {
            if (CONSTRUCTOR == null) {
                throw new NoSuchMethodException("ParquetReadOptions(boolean x 9, ..., ParquetConfiguration)");
            }
            return CONSTRUCTOR.newInstance(
                    false, // useSignedStringMinMax
                    true, // useStatsFilter
                    true, // useDictionaryFilter
                    true, // useRecordFilter
                    true, // useColumnIndexFilter
                    true, // usePageChecksumVerification
                    true, // useBloomFilter
                    false, // useOffHeapDecryptBuffer
                    false, // useHadoopVectoredIo
                    FilterCompat.NOOP, ParquetMetadataConverter.NO_FILTER, codecs,
                    new HeapByteBufferAllocator(), 8 << 20, Collections.<String, String>emptyMap(), null, null,
                    new PlainParquetConfiguration());
        } catch (ReflectiveOperationException | RuntimeException e) {
            try {
                return ParquetReadOptions.builder(new PlainParquetConfiguration())
                        .withCodecFactory(codecs)
                        .withAllocator(new HeapByteBufferAllocator())
                        .usePageChecksumVerification(true)
                        .withRecordFilter(FilterCompat.NOOP)
                        .build();
            } catch (LinkageError | RuntimeException second) {
                IllegalStateException ex = new IllegalStateException("cannot build Parquet read options without Hadoop", e);
                ex.addSuppressed(second);
                throw ex;
            }
        }
    }
}
