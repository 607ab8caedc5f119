package dev.gatehouse.common;

import org.hibernate.exception.ConstraintViolationException;

/** Recognises a write that lost a race on a unique key, wherever Hibernate wrapped it. */
public final class UniqueViolation {

    private UniqueViolation() {
    }

    public static boolean isCauseOf(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConstraintViolationException) {
                return true;
            }
        }
        return false;
    }
}
