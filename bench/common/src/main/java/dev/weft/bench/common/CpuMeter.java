package dev.weft.bench.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * CPU time of the benchmark's JVMs, and the machine's CPU counters, sampled together at the start
 * and at the end of each measured round (see the drivers' {@code runRound}).
 *
 * <p><b>How.</b> Each JVM's CPU time is its process CPU time, user plus system, of all its threads
 * including the ones that have exited: {@link ProcessHandle.Info#totalCpuDuration()}, for the JVM
 * that measures through {@link ProcessHandle#current()}, for the others through their {@link
 * ProcessHandle}. On Linux the JDK reads {@code utime + stime} from {@code /proc/<pid>/stat} on every
 * call, so the value is current, and converts the clock ticks with {@code sysconf(_SC_CLK_TCK)}. Its
 * resolution is one clock tick ({@code USER_HZ}, 10 ms on this machine). Checked here (JDK 17.0.15,
 * Linux 6.18): for this JVM it equals {@code com.sun.management.OperatingSystemMXBean.getProcessCpuTime()}
 * (which reads the same ticks through {@code times(2)}), and for a busy child JVM it equals
 * {@code /proc/<pid>/stat} read directly and the child's own {@code getProcessCpuTime()}, to the tick.
 * A nanosecond sum (each thread's {@code /proc/<pid>/task/<tid>/schedstat}) would miss threads that exited, such as
 * the driver threads of a round. Over a round of seconds in which each JVM spends seconds of CPU, the
 * 10 ms tick at each end is well under 1%. Each process's split between user and kernel time
 * ({@code utime}, {@code stime}) is read from the same {@code /proc/<pid>/stat}, for the share of its
 * CPU time spent in the kernel (system calls for the loopback connections, futex wake-ups between
 * threads).
 *
 * <p><b>Steal.</b> With a paravirtual steal clock (KVM) and {@code CONFIG_PARAVIRT_TIME_ACCOUNTING}
 * (both on this machine), the scheduler leaves stolen time out of a task's run time, so the CPU time
 * per request is not inflated by steal; a noisy neighbour still slows each instruction (shared caches,
 * memory bandwidth), and that does count. The machine's steal is read from the {@code steal} column of
 * the {@code cpu} line of {@code /proc/stat} (all CPUs, in clock ticks) and reported as a share of all
 * the machine's CPU time in the interval.
 *
 * <p><b>Other processes.</b> The share of the machine's CPU that was busy ({@code /proc/stat}: user,
 * nice, system, irq, softirq) minus the share the measured JVMs used. {@code /proc/stat} is sampled at
 * the kernel's timer tick, so this is an estimate; it includes kernel threads such as {@code ksoftirqd}
 * when they process loopback network traffic for the JVMs (softirq work done in the context of a
 * running JVM thread counts as that JVM's, because this kernel has no {@code IRQ_TIME_ACCOUNTING}).
 */
public final class CpuMeter {

    /** The processes, in the order of a sample's {@code nanos}. */
    private final ProcessHandle[] processes;

    /** Measures {@code processes}; their index in this list is their index in each reading. */
    public CpuMeter(ProcessHandle... processes) {
        this.processes = processes.clone();
    }

    /** One reading of every process's CPU time and of the machine's counters. */
    public Sample sample() {
        long wall = System.nanoTime();
        long[] nanos = new long[processes.length];
        long[] kernel = new long[processes.length];
        long[] user = new long[processes.length];
        for (int i = 0; i < nanos.length; i++) {
            nanos[i] = processes[i].info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
            long[] ticks = userAndKernelTicks(processes[i].pid());
            user[i] = ticks[0];
            kernel[i] = ticks[1];
        }
        return new Sample(wall, nanos, user, kernel, MachineTicks.read());
    }

    /** {@code utime} and {@code stime} of {@code /proc/<pid>/stat}, in clock ticks; -1 where unknown. */
    private static long[] userAndKernelTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])}; // fields 14 and 15
        } catch (IOException | RuntimeException e) {
            return new long[] {-1, -1};
        }
    }

    /**
     * A reading; {@code wallNanos} is {@link System#nanoTime()} when it was taken; per process (the
     * meter's order) its CPU time in nanoseconds and its user and kernel clock ticks, -1 where unknown.
     */
    public record Sample(long wallNanos, long[] nanos, long[] userTicks, long[] kernelTicks, MachineTicks machine) {

        /** What happened between {@code start} and this reading. */
        public Interval since(Sample start) {
            return new Interval(wallNanos - start.wallNanos, minus(nanos, start.nanos),
                    minus(userTicks, start.userTicks), minus(kernelTicks, start.kernelTicks),
                    machine == null || start.machine == null ? null : machine.minus(start.machine));
        }

        private static long[] minus(long[] a, long[] b) {
            long[] d = new long[a.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = a[i] < 0 || b[i] < 0 ? -1 : a[i] - b[i];
            }
            return d;
        }
    }

    /**
     * CPU used between two readings: per process (the meter's order) in nanoseconds and in user and
     * kernel clock ticks (-1 when unknown), and the machine's counters (null when unknown).
     */
    public record Interval(long wallNanos, long[] nanos, long[] userTicks, long[] kernelTicks, MachineTicks machine) {

        /** Process {@code index}'s CPU time in nanoseconds, -1 if unknown. */
        public long nanos(int index) {
            return nanos[index];
        }

        /**
         * The share of the CPU time of the processes at {@code indexes} spent in the kernel, in
         * percent; NaN if unknown.
         */
        public double kernelPercent(int... indexes) {
            long kernel = 0;
            long all = 0;
            for (int i : indexes) {
                if (kernelTicks[i] < 0 || userTicks[i] < 0) {
                    return Double.NaN;
                }
                kernel += kernelTicks[i];
                all += kernelTicks[i] + userTicks[i];
            }
            return all == 0 ? Double.NaN : 100.0 * kernel / all;
        }

        /** Both intervals together (for a sum over rounds); unknown in either stays unknown. */
        public Interval plus(Interval o) {
            return new Interval(wallNanos + o.wallNanos, plus(nanos, o.nanos), plus(userTicks, o.userTicks),
                    plus(kernelTicks, o.kernelTicks), machine == null || o.machine == null ? null : machine.plus(o.machine));
        }

        /** The sum of {@code intervals}, skipping nulls; null if there is none. */
        public static Interval sum(Iterable<Interval> intervals) {
            Interval sum = null;
            for (Interval i : intervals) {
                if (i != null) {
                    sum = sum == null ? i : sum.plus(i);
                }
            }
            return sum;
        }

        private static long[] plus(long[] a, long[] b) {
            long[] sum = new long[a.length];
            for (int i = 0; i < sum.length; i++) {
                sum[i] = a[i] < 0 || b[i] < 0 ? -1 : a[i] + b[i];
            }
            return sum;
        }

        /** Stolen time as a share of all the machine's CPU time in the interval, in percent (NaN if unknown). */
        public double stealPercent() {
            return machine == null ? Double.NaN : machine.stealPercent();
        }

        /**
         * The machine's busy share minus the measured JVMs' share of the CPU time available in the
         * interval, in percent (an estimate: see the class comment; NaN if unknown).
         */
        public double otherPercent() {
            if (machine == null || wallNanos <= 0) {
                return Double.NaN;
            }
            long jvms = 0;
            for (long n : nanos) {
                if (n < 0) {
                    return Double.NaN;
                }
                jvms += n;
            }
            return machine.busyPercent() - jvms / ((double) wallNanos * Runtime.getRuntime().availableProcessors()) * 100;
        }
    }

    /**
     * The {@code cpu} line of {@code /proc/stat} (all CPUs), in clock ticks: user, nice, system,
     * idle, iowait, irq, softirq, steal (guest time is already inside user and nice).
     */
    public record MachineTicks(long user, long nice, long system, long idle, long iowait, long irq, long softirq,
            long steal) {

        /** Reads {@code /proc/stat}; null when it cannot be read or has no steal column. */
        public static MachineTicks read() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
                    if (line.startsWith("cpu ")) {
                        String[] f = line.trim().split("\\s+");
                        if (f.length < 9) {
                            return null;
                        }
                        return new MachineTicks(Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
                                Long.parseLong(f[4]), Long.parseLong(f[5]), Long.parseLong(f[6]),
                                Long.parseLong(f[7]), Long.parseLong(f[8]));
                    }
                }
            } catch (IOException | RuntimeException e) {
                // not Linux
            }
            return null;
        }

        /** These counters less {@code o}'s. */
        public MachineTicks minus(MachineTicks o) {
            return new MachineTicks(user - o.user, nice - o.nice, system - o.system, idle - o.idle,
                    iowait - o.iowait, irq - o.irq, softirq - o.softirq, steal - o.steal);
        }

        /** These counters plus {@code o}'s. */
        public MachineTicks plus(MachineTicks o) {
            return new MachineTicks(user + o.user, nice + o.nice, system + o.system, idle + o.idle,
                    iowait + o.iowait, irq + o.irq, softirq + o.softirq, steal + o.steal);
        }

        /** All columns. */
        public long total() {
            return user + nice + system + idle + iowait + irq + softirq + steal;
        }

        /** Steal as a share of all, in percent; NaN if there are no ticks. */
        public double stealPercent() {
            return total() <= 0 ? Double.NaN : 100.0 * steal / total();
        }

        /** User, nice, system, irq and softirq as a share of all, in percent; NaN if there are no ticks. */
        public double busyPercent() {
            return total() <= 0 ? Double.NaN : 100.0 * (user + nice + system + irq + softirq) / total();
        }

        /** The counters between {@code before} and {@code after}; null if either is. */
        public static MachineTicks between(MachineTicks before, MachineTicks after) {
            return before == null || after == null ? null : after.minus(before);
        }
    }
}
