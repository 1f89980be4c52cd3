package dev.weft.bench.common;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Command-line options of the form {@code --name value}, each with a default. */
public final class Options {

    private Options() {
    }

    /**
     * {@code defaults} with the values {@code args} give. An argument that is not a known {@code
     * --name} followed by a value prints the usage of {@code program} with every option's default and
     * exits with status 2.
     */
    public static Map<String, String> parse(String program, Map<String, String> defaults, String[] args) {
        Map<String, String> options = new LinkedHashMap<>(defaults);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || i + 1 >= args.length || !options.containsKey(arg.substring(2))) {
                System.err.println("usage: " + program + " [--option value]...; options and defaults: " + options);
                System.exit(2);
            }
            options.put(arg.substring(2), args[++i]);
        }
        return options;
    }

    /** {@code value} split at white space, such as JVM options given as one argument. */
    public static List<String> words(String value) {
        return Arrays.asList(value.trim().split("\\s+"));
    }
}
