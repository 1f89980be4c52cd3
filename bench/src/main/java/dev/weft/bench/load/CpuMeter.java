package dev.weft.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * CPU time of the benchmark cluster's two JVMs, and the machine's CPU counters, sampled together
 * at the start and at the end of each measured round (see {@code LoadDriver.runRound}).
 *
 * <p><b>How.</b> Each JVM's CPU time is its process CPU time, user plus system, of all its threads
 * including the ones that have exited: {@link ProcessHandle.Info#totalCpuDuration()}, for the driver
 * JVM through {@link ProcessHandle#current()}, for the second member through the child's
 * {@link Process}. On Linux the JDK reads {@code utime + stime} from {@code /proc/<pid>/stat} on every
 * call, so the value is current, and converts the clock ticks with {@code sysconf(_SC_CLK_TCK)}. Its
 * resolution is one clock tick ({@code USER_HZ}, 10 ms on this machine). Checked here (JDK 17.0.15,
 * Linux 6.18): for this JVM it equals {@code com.sun.management.OperatingSystemMXBean.getProcessCpuTime()}
 * (which reads the same ticks through {@code times(2)}), and for a busy child JVM it equals
 * {@code /proc/<pid>/stat} read directly and the child's own {@code getProcessCpuTime()}, to the tick.
 * A nanosecond sum (each thread's {@code /proc/<pid>/task/<tid>/schedstat}) would miss threads that exited, such as
 * the driver threads of a round. Over a 6 s round in which each JVM spends seconds of CPU, the
 * 10 ms tick at each end is well under 1%.
 *
 * <p><b>Steal.</b> With a paravirtual steal clock (KVM) and {@code CONFIG_PARAVIRT_TIME_ACCOUNTING}
 * (both on this machine), the scheduler leaves stolen time out of a task's run time, so the CPU time
 * per request is not inflated by steal; a noisy neighbour still slows each instruction (shared caches,
 * memory bandwidth), and that does count. The machine's steal is read from the {@code steal} column of
 * the {@code cpu} line of {@code /proc/stat} (all CPUs, in clock ticks) and reported as a share of all
 * the machine's CPU time in the interval.
 *
 * <p><b>Other processes.</b> The share of the machine's CPU that was busy ({@code /proc/stat}: user,
 * nice, system, irq, softirq) minus the share the two JVMs used. {@code /proc/stat} is sampled at the
 * kernel's timer tick, so this is an estimate; it includes kernel threads such as {@code ksoftirqd}
 * when they process loopback network traffic for the two JVMs (softirq work done in the context of a
 * running JVM thread counts as that JVM's, because this kernel has no {@code IRQ_TIME_ACCOUNTING}).
 */
final class CpuMeter {

    private final ProcessHandle driver = ProcessHandle.current();
    private final ProcessHandle member;

    CpuMeter(ProcessHandle member) {
        this.member = member;
    }

    /** One reading of both JVMs' CPU time and of the machine's counters. */
    Sample sample() {
        long wall = System.nanoTime();
        return new Sample(wall, cpuNanos(driver), cpuNanos(member), MachineTicks.read());
    }

    /** Process CPU time in nanoseconds, or -1 where the platform does not tell. */
    private static long cpuNanos(ProcessHandle process) {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }

    /** A reading; {@code wallNanos} is {@link System#nanoTime()} when it was taken. */
    record Sample(long wallNanos, long driverNanos, long memberNanos, MachineTicks machine) {

        /** What happened between {@code start} and this reading. */
        Interval since(Sample start) {
            return new Interval(wallNanos - start.wallNanos,
                    driverNanos < 0 || start.driverNanos < 0 ? -1 : driverNanos - start.driverNanos,
                    memberNanos < 0 || start.memberNanos < 0 ? -1 : memberNanos - start.memberNanos,
                    machine == null || start.machine == null ? null : machine.minus(start.machine));
        }
    }

    /**
     * CPU used between two readings: each JVM's in nanoseconds (-1 when unknown), and the machine's
     * counters (null when unknown).
     */
    record Interval(long wallNanos, long driverNanos, long memberNanos, MachineTicks machine) {

        /** Both intervals together (for a sum over rounds); unknown in either stays unknown. */
        Interval plus(Interval o) {
            return new Interval(wallNanos + o.wallNanos,
                    driverNanos < 0 || o.driverNanos < 0 ? -1 : driverNanos + o.driverNanos,
                    memberNanos < 0 || o.memberNanos < 0 ? -1 : memberNanos + o.memberNanos,
                    machine == null || o.machine == null ? null : machine.plus(o.machine));
        }

        /** Stolen time as a share of all the machine's CPU time in the interval, in percent (NaN if unknown). */
        double stealPercent() {
            return machine == null ? Double.NaN : machine.stealPercent();
        }

        /**
         * The machine's busy share minus the two JVMs' share of the CPU time available in the interval,
         * in percent (an estimate: see the class comment; NaN if unknown).
         */
        double otherPercent() {
            if (machine == null || driverNanos < 0 || memberNanos < 0 || wallNanos <= 0) {
                return Double.NaN;
            }
            double jvms = (driverNanos + memberNanos)
                    / ((double) wallNanos * Runtime.getRuntime().availableProcessors()) * 100;
            return machine.busyPercent() - jvms;
        }
    }

    /**
     * The {@code cpu} line of {@code /proc/stat} (all CPUs), in clock ticks: user, nice, system,
     * idle, iowait, irq, softirq, steal (guest time is already inside user and nice).
     */
    record MachineTicks(long user, long nice, long system, long idle, long iowait, long irq, long softirq,
            long steal) {

        /** Reads {@code /proc/stat}; null when it cannot be read or has no steal column. */
        static MachineTicks read() {
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

        MachineTicks minus(MachineTicks o) {
            return new MachineTicks(user - o.user, nice - o.nice, system - o.system, idle - o.idle,
                    iowait - o.iowait, irq - o.irq, softirq - o.softirq, steal - o.steal);
        }

        MachineTicks plus(MachineTicks o) {
            return new MachineTicks(user + o.user, nice + o.nice, system + o.system, idle + o.idle,
                    iowait + o.iowait, irq + o.irq, softirq + o.softirq, steal + o.steal);
        }

        long total() {
            return user + nice + system + idle + iowait + irq + softirq + steal;
        }

        double stealPercent() {
            return total() <= 0 ? Double.NaN : 100.0 * steal / total();
        }

        double busyPercent() {
            return total() <= 0 ? Double.NaN : 100.0 * (user + nice + system + irq + softirq) / total();
        }
    }
}
