package org.tonbo4j;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Maps a Java record class to a schema: one column per component, named after it, typed by its
 * Java type; {@link PrimaryKey} components form the key; reference components are NOT NULL
 * unless {@link Nullable}. Immutable and thread-safe.
 */
final class RecordMapper<T> implements RowMapper<T> {
    private final Class<T> type;
    private final Schema schema;
    private final MethodHandle[] accessors;
    private final MethodHandle constructor;
    private final Object[] defaults;

    private RecordMapper(Class<T> type, Schema schema, MethodHandle[] accessors, MethodHandle constructor, Object[] defaults) {
        this.type = type;
        this.schema = schema;
        this.accessors = accessors;
        this.constructor = constructor;
        this.defaults = defaults;
    }

    static <T> RecordMapper<T> of(Class<T> type) {
        if (!type.isRecord()) {
            throw new IllegalArgumentException(type.getName() + " is not a record class");
        }
        RecordComponent[] comps = type.getRecordComponents();
        Schema.Builder sb = Schema.builder();
        MethodHandle[] accessors = new MethodHandle[comps.length];
        Object[] defaults = new Object[comps.length];
        Class<?>[] params = new Class<?>[comps.length];
        List<int[]> keys = new ArrayList<>();
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        try {
            for (int i = 0; i < comps.length; i++) {
                RecordComponent rc = comps[i];
                Class<?> jt = rc.getType();
                params[i] = jt;
                boolean nullable = !jt.isPrimitive() && (rc.isAnnotationPresent(Nullable.class)
                        || rc.getAnnotatedType().isAnnotationPresent(Nullable.class));
                sb.column(rc.getName(), columnType(type, rc), nullable);
                PrimaryKey pk = rc.getAnnotation(PrimaryKey.class);
                if (pk != null) {
                    if (nullable) {
                        throw new IllegalArgumentException(type.getName() + "." + rc.getName() + " is a key and cannot be @Nullable");
                    }
                    keys.add(new int[] {pk.order(), i});
                }
                Method m = rc.getAccessor();
                m.setAccessible(true);
                MethodHandle h = lookup.unreflect(m);
                accessors[i] = h.asType(h.type().changeReturnType(Object.class).changeParameterType(0, Object.class));
                defaults[i] = jt.isPrimitive() ? java.lang.reflect.Array.get(java.lang.reflect.Array.newInstance(jt, 1), 0) : null;
            }
            if (keys.isEmpty()) {
                throw new IllegalArgumentException(type.getName() + " has no @PrimaryKey component");
            }
            keys.sort(Comparator.<int[]>comparingInt(k -> k[0]).thenComparingInt(k -> k[1]));
            String[] keyNames = new String[keys.size()];
            for (int i = 0; i < keyNames.length; i++) {
                keyNames[i] = comps[keys.get(i)[1]].getName();
            }
            sb.primaryKey(keyNames);
            Constructor<T> ctor = type.getDeclaredConstructor(params);
            ctor.setAccessible(true);
            MethodHandle c = lookup.unreflectConstructor(ctor);
            c = c.asType(c.type().changeReturnType(Object.class)).asSpreader(Object[].class, comps.length);
            return new RecordMapper<>(type, sb.build(), accessors, c, defaults);
        } catch (ReflectiveOperationException | SecurityException e) {
            throw new IllegalArgumentException("cannot access record " + type.getName() + ": " + e, e);
        }
    }

    private static ColumnType columnType(Class<?> owner, RecordComponent rc) {
        Class<?> t = rc.getType();
        if (t == boolean.class || t == Boolean.class) {
            return ColumnType.BOOLEAN;
        } else if (t == byte.class || t == Byte.class) {
            return ColumnType.INT8;
        } else if (t == short.class || t == Short.class) {
            return ColumnType.INT16;
        } else if (t == int.class || t == Integer.class) {
            return ColumnType.INT32;
        } else if (t == long.class || t == Long.class) {
            return ColumnType.INT64;
        } else if (t == float.class || t == Float.class) {
            return ColumnType.FLOAT32;
        } else if (t == double.class || t == Double.class) {
            return ColumnType.FLOAT64;
        } else if (t == String.class) {
            return ColumnType.STRING;
        } else if (t == byte[].class) {
            return ColumnType.BINARY;
        } else if (t == LocalDate.class) {
            return ColumnType.DATE;
        } else if (t == LocalDateTime.class) {
            return ColumnType.TIMESTAMP;
        } else if (t == Instant.class) {
            return ColumnType.TIMESTAMP_TZ;
        } else if (t == BigDecimal.class) {
            Decimal d = rc.getAnnotation(Decimal.class);
            return d == null ? ColumnType.decimal(38, 10) : ColumnType.decimal(d.precision(), d.scale());
        }
        throw new IllegalArgumentException(owner.getName() + "." + rc.getName() + " has type " + t.getName()
                + ", which has no column type (use boolean, byte, short, int, long, float, double, their boxes, String, byte[],"
                + " LocalDate, LocalDateTime, Instant or BigDecimal)");
    }

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public Object[] toValues(T row) {
        if (!type.isInstance(row)) {
            throw new IllegalArgumentException("expected a " + type.getName() + ", got " + (row == null ? "null" : row.getClass().getName()));
        }
        Object[] v = new Object[accessors.length];
        try {
            for (int i = 0; i < v.length; i++) {
                v[i] = (Object) accessors[i].invokeExact((Object) row);
            }
        } catch (Throwable t) {
            throw new TonboException("reading record " + row + ": " + t, t);
        }
        return v;
    }

    @Override
    public T fromValues(Object[] values) {
        Object[] args = new Object[values.length];
        for (int i = 0; i < args.length; i++) {
            args[i] = values[i] == null ? defaults[i] : values[i];
        }
        try {
            return type.cast(constructor.invoke(args));
        } catch (Throwable t) {
            throw new TonboException("building record " + type.getName() + ": " + t, t);
        }
    }
}
