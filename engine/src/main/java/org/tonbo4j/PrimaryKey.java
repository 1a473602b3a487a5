package org.tonbo4j;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a record component as (part of) the primary key. With several components, the key
 * order is the order of {@link #order()}, then declaration order.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
public @interface PrimaryKey {
    /** Position of this component in a composite key; components without one follow in declaration order. */
    int order() default Integer.MAX_VALUE;
}
