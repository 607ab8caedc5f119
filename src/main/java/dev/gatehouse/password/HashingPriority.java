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
 * touches nothing else. Raising one's own nice value needs no privilege.
 *
 * <p>Where it cannot work (not Linux, a native image, no libc through JNA) nothing changes and
 * {@link #lower} says so; hashing is the same either way, only its priority is not lowered.
 */
final class HashingPriority {

    private static final Logger LOG = Logger.getLogger(HashingPriority.class);
    private static final int PRIO_PROCESS = 0;

    /** The one call of libc this needs. */
    interface LibC extends Library {
        int setpriority(int which, int who, int prio);
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
        try {
            String stat = Files.readString(Path.of("/proc/thread-self/stat"));
            // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
            String[] rest = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            return Integer.valueOf(rest[16]);
        } catch (Exception e) {
            return null;
        }
    }
}
