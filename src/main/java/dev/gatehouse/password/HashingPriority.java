package dev.gatehouse.password;

import com.sun.jna.Library;
import com.sun.jna.Native;
import org.jboss.logging.Logger;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Lowers the scheduling priority (raises the nice value) of the calling thread, so hash work yields
 * the cores to the event loop and the worker threads whenever they have something to run, and
 * still takes every idle cycle. On Linux the nice value belongs to each thread (setpriority(2),
 * "a per-thread attribute"), so {@code setpriority(PRIO_PROCESS, tid, n)} on the thread's own id
 * touches nothing else. Raising one's own nice value needs no privilege. {@link #idle} goes further:
 * the {@code SCHED_IDLE} policy, under which a waking thread of the normal policy takes the core at
 * once (measured in docs/performance.md, "The checks' p99 during a login flood").
 *
 * <p>Where it cannot work (not Linux, a native image, no libc through JNA) nothing changes and
 * {@link #lower} says so; hashing is the same either way, only its priority is not lowered.
 */
final class HashingPriority {

    private static final Logger LOG = Logger.getLogger(HashingPriority.class);
    private static final int PRIO_PROCESS = 0;
    /** Linux's {@code SCHED_IDLE} (include/uapi/linux/sched.h). */
    static final int SCHED_IDLE = 5;

    /** The one call of libc this needs. */
    interface LibC extends Library {
        int setpriority(int which, int who, int prio);

        /** {@code param} is a {@code struct sched_param}: one int, the static priority (0 for SCHED_IDLE). */
        int sched_setscheduler(int pid, int policy, int[] param);
    }

    /** Loaded at the first use, not at all where the service never lowers a priority. */
    private static final class Holder {
        static final LibC LIBC = Native.load("c", LibC.class);
    }

    private HashingPriority() {
    }

    /**
     * Lowers the calling thread's priority to nice value {@code nice} (at most 19), never raising it:
     * a thread already at that value or lower keeps its own. True when the thread now runs at
     * {@code nice} or lower; {@code nice <= 0} asks for nothing and returns false.
     */
    static boolean lower(int nice) {
        if (nice <= 0 || System.getProperty("org.graalvm.nativeimage.imagecode") != null) {
            return false;
        }
        try {
            Integer tid = threadId();
            Integer current = currentNice();
            if (tid == null || current == null) {
                return false;
            }
            int target = Math.min(19, nice);
            if (current >= target) {
                return true;
            }
            return Holder.LIBC.setpriority(PRIO_PROCESS, tid, target) == 0;
        } catch (RuntimeException | LinkageError e) {
            LOG.debugf("hashing threads keep their priority: %s", e.toString());
            return false;
        }
    }

    /**
     * Moves the calling thread to Linux's {@code SCHED_IDLE} policy: it runs only when no thread of
     * the normal policy wants the core, and a waking normal thread preempts it at once (the fair
     * scheduler's wakeup rule for idle-policy tasks), where a thread at nice 10 may keep the core
     * for the rest of its slice. Moving to it needs no privilege (sched(7)); only leaving it would.
     * True when the thread now runs under it.
     */
    static boolean idle() {
        if (System.getProperty("org.graalvm.nativeimage.imagecode") != null) {
            return false;
        }
        try {
            Integer current = currentPolicy();
            if (current == null) {
                return false;
            }
            if (current == SCHED_IDLE) {
                return true;
            }
            // pid 0: the calling thread itself (sched_setscheduler(2) acts on one thread on Linux).
            return Holder.LIBC.sched_setscheduler(0, SCHED_IDLE, new int[] {0}) == 0;
        } catch (RuntimeException | LinkageError e) {
            LOG.debugf("hashing threads keep their scheduling policy: %s", e.toString());
            return false;
        }
    }

    /**
     * The calling thread's id as the kernel knows it, from {@code /proc/thread-self} (a link to
     * {@code <pid>/task/<tid>}); null where there is no such link.
     */
    static Integer threadId() {
        try {
            Path link = Files.readSymbolicLink(Path.of("/proc/thread-self"));
            return Integer.valueOf(link.getFileName().toString());
        } catch (Exception e) {
            return null;
        }
    }

    /** The calling thread's nice value from {@code /proc/thread-self/stat} (field 19), or null where unreadable. */
    static Integer currentNice() {
        return statField(19);
    }

    /** The calling thread's scheduling policy from {@code /proc/thread-self/stat} (field 41: 0 normal, 5 idle), or null where unreadable. */
    static Integer currentPolicy() {
        return statField(41);
    }

    /** Field {@code n} (numbered from 1, as proc(5) does) of {@code /proc/thread-self/stat}, or null. */
    private static Integer statField(int n) {
        try {
            String stat = Files.readString(Path.of("/proc/thread-self/stat"));
            // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
            String[] rest = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            return Integer.valueOf(rest[n - 3]);
        } catch (Exception e) {
            return null;
        }
    }
}
