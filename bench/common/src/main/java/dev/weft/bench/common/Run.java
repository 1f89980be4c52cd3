package dev.weft.bench.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.Map;

/**
 * One benchmark run: its options, its output folder, and when it started and ended with the load
 * average and the machine's CPU counters at both ends, for the summary's header and its steal figure.
 */
public final class Run {

    private final Map<String, String> options;
    private final Path out;
    private final Instant started;
    private final String loadBefore;
    private final CpuMeter.MachineTicks machineBefore;
    private Instant finished;
    private String loadAfter;
    private CpuMeter.MachineTicks machineAfter;

    private Run(Map<String, String> options, Path out) {
        this.options = options;
        this.out = out;
        this.started = Instant.now();
        this.loadBefore = Machine.loadAverage();
        this.machineBefore = CpuMeter.MachineTicks.read();
    }

    /**
     * Creates the output folder (option {@code out}), notes the start (time, load average, machine
     * counters) and prints the options.
     */
    public static Run start(Map<String, String> options) throws IOException {
        Path out = Paths.get(options.get("out"));
        Files.createDirectories(out);
        Run run = new Run(options, out);
        System.out.println("options: " + options);
        return run;
    }

    /** Notes the end: the measured part ended at {@code finished}; the load average and counters are read now. */
    public void end(Instant finished) {
        this.finished = finished;
        this.machineAfter = CpuMeter.MachineTicks.read();
        this.loadAfter = Machine.loadAverage();
    }

    /** Every option, defaults included, in the order they were declared. */
    public Map<String, String> options() {
        return options;
    }

    /** Option {@code name} as a number. */
    public int integer(String name) {
        return Integer.parseInt(options.get(name));
    }

    /** The output folder. */
    public Path out() {
        return out;
    }

    /** When the run started. */
    public Instant started() {
        return started;
    }

    /** The load average when the run started. */
    public String loadBefore() {
        return loadBefore;
    }

    /** The machine's CPU counters from the start to {@link #end}, null if unknown or not ended. */
    public CpuMeter.MachineTicks machine() {
        return CpuMeter.MachineTicks.between(machineBefore, machineAfter);
    }

    /** The machine's steal from the start to {@link #end}, in percent of its CPU time; NaN if unknown. */
    public double stealPercent() {
        CpuMeter.MachineTicks machine = machine();
        return machine == null ? Double.NaN : machine.stealPercent();
    }

    /** The first two paragraphs of a summary: when the run was, the load average, the machine. */
    public String header() {
        return String.format("Run %s .. %s (UTC); load average before %s, after %s.%n%n", started, finished,
                loadBefore, loadAfter) + "Machine: " + Machine.describe() + "\n\n";
    }
}
