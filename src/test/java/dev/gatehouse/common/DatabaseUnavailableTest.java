package dev.gatehouse.common;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which database failures answer 503 (fail closed, retry later) rather than 500. */
class DatabaseUnavailableTest {

    private static RuntimeException wrapped(String sqlState) {
        return new RuntimeException("JDBC exception executing SQL", new SQLException("server said so", sqlState));
    }

    @Test
    void isDatabaseUnavailableWhenServerRestartsOrIsFullThenTrue() {
        // admin_shutdown (a restart), crash_shutdown, cannot_connect_now (starting), connection failure, too many connections
        for (String state : new String[]{"57P01", "57P02", "57P03", "08006", "08001", "53300"}) {
            assertTrue(ProblemMapper.isDatabaseUnavailable(wrapped(state)), state);
        }
    }

    @Test
    void isDatabaseUnavailableWhenTheStatementIsWrongThenFalse() {
        // unique violation, syntax error, serialization failure: not an outage
        for (String state : new String[]{"23505", "42601", "40001"}) {
            assertFalse(ProblemMapper.isDatabaseUnavailable(wrapped(state)), state);
        }
    }

    @Test
    void isConcurrencyConflictWhenDeadlockSerializationOrLockNotAvailableThenTrueAndAnsweredWith503() {
        for (String state : new String[]{"40P01", "40001", "55P03"}) {
            assertTrue(ProblemMapper.isConcurrencyConflict(wrapped(state)), state);
            jakarta.ws.rs.core.Response r = new ProblemMapper().unexpected(wrapped(state), null);
            org.junit.jupiter.api.Assertions.assertEquals(503, r.getStatus(), state);
            org.junit.jupiter.api.Assertions.assertEquals("1", r.getHeaderString("Retry-After"), state);
        }
        for (String state : new String[]{"23505", "42601", "08006"}) {
            assertFalse(ProblemMapper.isConcurrencyConflict(wrapped(state)), state);
        }
        org.junit.jupiter.api.Assertions.assertEquals(500, new ProblemMapper().unexpected(wrapped("42601"), null).getStatus());
    }

    @Test
    void isDatabaseUnavailableWhenACommitFailsWithTheDriversErrorSuppressedThenTrue() {
        // Seen in PostgresRestartIT: Narayana's commit failure carries the driver's error as a
        // suppressed XAException (cause: 57P01, "terminating connection due to administrator command").
        javax.transaction.xa.XAException xa = new javax.transaction.xa.XAException("Error trying to transactionCommit local transaction");
        xa.initCause(new SQLException("FATAL: terminating connection due to administrator command", "57P01"));
        Exception rollback = new Exception("ARJUNA016053: Could not commit transaction.");
        rollback.addSuppressed(xa);
        assertTrue(ProblemMapper.isDatabaseUnavailable(new RuntimeException("commit failed", rollback)));
        org.junit.jupiter.api.Assertions.assertEquals(503, new ProblemMapper().unexpected(new RuntimeException(rollback), null).getStatus());
        Exception other = new Exception("ARJUNA016053: Could not commit transaction.");
        other.addSuppressed(new SQLException("duplicate key", "23505"));
        assertFalse(ProblemMapper.isDatabaseUnavailable(other));
    }
}
