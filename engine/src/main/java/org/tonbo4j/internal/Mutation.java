package org.tonbo4j.internal;

/**
 * One write of a batch before it has a sequence number: a put of a full row or a delete of a
 * key, with its encoded key and its data in the WAL's row encoding ({@code RowCodec}: the full
 * row for a put, the key columns for a delete), made once by the writing thread and shared by
 * the WAL and the memtable.
 */
public record Mutation(byte[] key, boolean delete, byte[] encoded) {
}
