package dev.weft.bench.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * CPU time of the three JVMs (client, server, second member) and the machine's CPU counters,
 * sampled at the start and at the end of each measured round, as {@code bench/}'s {@code CpuMeter}:
 * each process's CPU time (user + system, all threads, including exited ones) from {@link
 * ProcessHandle.Info#totalCpuDuration()}, which on Linux reads {@code utime + stime} of {@code
 * /proc/<pid>/stat} on every call (10 ms ticks: under 1% of a round). This kernel leaves stolen time
 * out of a task's CPU time, so CPU per request does not drop with steal as throughput does. The
 * machine's steal and busy shares come from the {@code cpu} line of {@code /proc/stat}. Each
 * process's split between user and kernel time ({@code utime}, {@code stime}) is read from the same
 * {@code /proc/<pid>/stat}, for the share of its CPU time spent in the kernel (system calls for the
 * loopback connections, futex wake-ups between threads).
 */
final class CpuMeter {

    /** The processes, in the order of a sample's {@code nanos}: client, server, second member. */
    private final ProcessHandle[] processes;

    CpuMeter(ProcessHandle client, ProcessHandle server, ProcessHandle member) {
        this.processes = new ProcessHandle[] {client, server, member};
    }

    Sample sample() {
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

    /** A reading; {@code wallNanos} is {@link System#nanoTime()} when it was taken. */
    record Sample(long wallNanos, long[] nanos, long[] userTicks, long[] kernelTicks, MachineTicks machine) {

        Interval since(Sample start) {
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

    /** CPU used between two readings: per process in nanoseconds (-1 if unknown), and the machine's counters. */
    record Interval(long wallNanos, long[] nanos, long[] userTicks, long[] kernelTicks, MachineTicks machine) {

        long client() {
            return nanos[0];
        }

        long server() {
            return nanos[1];
        }

        long member() {
            return nanos[2];
        }

        /**
         * The share of the two server JVMs' CPU time (server and second member) spent in the kernel,
         * in percent; NaN if unknown.
         */
        double serversKernelPercent() {
            long kernel = kernelTicks[1] + kernelTicks[2];
            long all = kernel + userTicks[1] + userTicks[2];
            return kernelTicks[1] < 0 || kernelTicks[2] < 0 || userTicks[1] < 0 || userTicks[2] < 0 || all == 0
                    ? Double.NaN : 100.0 * kernel / all;
        }

        Interval plus(Interval o) {
            return new Interval(wallNanos + o.wallNanos, plus(nanos, o.nanos), plus(userTicks, o.userTicks),
                    plus(kernelTicks, o.kernelTicks), machine == null || o.machine == null ? null : machine.plus(o.machine));
        }

        private static long[] plus(long[] a, long[] b) {
            long[] sum = new long[a.length];
            for (int i = 0; i < sum.length; i++) {
                sum[i] = a[i] < 0 || b[i] < 0 ? -1 : a[i] + b[i];
            }
            return sum;
        }

        double stealPercent() {
            return machine == null ? Double.NaN : machine.stealPercent();
        }

        /** The machine's busy share minus the three JVMs' share, in percent (an estimate). */
        double otherPercent() {
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

    /** The {@code cpu} line of {@code /proc/stat}, in clock ticks. */
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
