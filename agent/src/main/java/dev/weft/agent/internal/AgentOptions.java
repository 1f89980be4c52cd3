package dev.weft.agent.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The agent's options, from the text after {@code =} in {@code -javaagent:weft-agent.jar=...}.
 *
 * <p>Grammar: options are separated by {@code ;} or {@code ,}. An option is {@code include=<package>},
 * {@code exclude=<package>} or the flag {@code verbose}. A bare package name after an {@code include}
 * or {@code exclude} option adds to that option's list, so {@code include=com.acme,org.foo;verbose}
 * and {@code include=com.acme,org.foo,verbose} mean the same. Both options may repeat.
 * <ul>
 *   <li>{@code include}: weave only classes in these packages and their subpackages (default: every
 *       class not excluded).
 *   <li>{@code exclude}: never weave classes in these packages and their subpackages.
 *   <li>{@code verbose}: log each woven class and its session fields to {@code System.err}.
 * </ul>
 * JDK, Hazelcast, Byte Buddy, Jackson and Weft's own classes are never woven, whatever the options.
 * Blanks around names and empty options (a trailing {@code ;}) are ignored. Anything else (an unknown
 * option, an empty or malformed package name, a bare package with no option before it) is an {@link
 * IllegalArgumentException} that names it.
 */
public final class AgentOptions {

    /**
     * Packages whose classes are never woven (binary-name prefixes). The application's Byte Buddy
     * is named by a computed string: the agent jar's shading rewrites every constant that starts
     * with Byte Buddy's package into the relocated one.
     */
    static final List<String> NEVER_WOVEN = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.",
            "com.hazelcast.", String.join(".", "net", "bytebuddy", ""), "tools.jackson.", "com.fasterxml.",
            "dev.weft.agent.", "dev.weft.session.", "dev.weft.store.", "dev.weft.http.", "dev.weft.annotation.");

    private static final List<String> NEVER_WOVEN_INTERNAL = internal(NEVER_WOVEN);

    private final List<String> include;
    private final List<String> exclude;
    private final boolean verbose;

    private AgentOptions(List<String> include, List<String> exclude, boolean verbose) {
        this.include = internal(include);
        this.exclude = internal(exclude);
        this.verbose = verbose;
    }

    /** The defaults: weave every class that is not excluded by default, quietly. */
    public static AgentOptions defaults() {
        return new AgentOptions(List.of(), List.of(), false);
    }

    /**
     * Parses agent arguments; {@code null} or blank gives the {@linkplain #defaults() defaults}.
     *
     * @throws IllegalArgumentException naming the first malformed option
     */
    public static AgentOptions parse(String arguments) {
        List<String> include = new ArrayList<>();
        List<String> exclude = new ArrayList<>();
        boolean verbose = false;
        if (arguments == null || arguments.isBlank()) {
            return defaults();
        }
        List<String> list = null;
        for (String raw : split(arguments)) {
            String token = raw.strip();
            int equals = token.indexOf('=');
            if (token.equals("verbose")) {
                verbose = true;
                list = null;
            } else if (equals >= 0) {
                String key = token.substring(0, equals).strip();
                String value = token.substring(equals + 1).strip();
                list = switch (key) {
                    case "include" -> include;
                    case "exclude" -> exclude;
                    default -> throw malformed(token, arguments, "unknown option '" + key + "'");
                };
                list.add(packageName(value, token, arguments));
            } else if (token.isEmpty()) {
                continue;
            } else if (list != null) {
                list.add(packageName(token, token, arguments));
            } else {
                throw malformed(token, arguments, "unknown option (a package name must follow include= or exclude=)");
            }
        }
        return new AgentOptions(include, exclude, verbose);
    }

    /**
     * The texts between {@code ;} and {@code ,} separators, empty ones included; no regex, so
     * premain stays light.
     */
    private static List<String> split(String arguments) {
        List<String> options = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < arguments.length(); i++) {
            char c = arguments.charAt(i);
            if (c == ';' || c == ',') {
                options.add(arguments.substring(start, i));
                start = i + 1;
            }
        }
        options.add(arguments.substring(start));
        return options;
    }

    private static String packageName(String name, String token, String arguments) {
        if (name.isEmpty()) {
            throw malformed(token, arguments, "empty package name");
        }
        for (String part : name.split("\\.", -1)) {
            if (!isIdentifier(part)) {
                throw malformed(token, arguments, "'" + name + "' is not a package name");
            }
        }
        return name + ".";
    }

    private static boolean isIdentifier(String part) {
        if (part.isEmpty() || !Character.isJavaIdentifierStart(part.codePointAt(0))) {
            return false;
        }
        for (int i = 0; i < part.length(); i += Character.charCount(part.codePointAt(i))) {
            if (!Character.isJavaIdentifierPart(part.codePointAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static IllegalArgumentException malformed(String token, String arguments, String reason) {
        return new IllegalArgumentException("Weft agent option '" + token + "' is malformed: " + reason
                + " (in '" + arguments + "'; expected options separated by ';' or ',': include=<package>,"
                + " exclude=<package>, verbose)");
    }

    /** The prefixes as internal names; a loop, not a stream: premain loads no lambda machinery. */
    private static List<String> internal(List<String> binaryPrefixes) {
        String[] internal = new String[binaryPrefixes.size()];
        for (int i = 0; i < internal.length; i++) {
            internal[i] = binaryPrefixes.get(i).replace('.', '/');
        }
        return List.of(internal);
    }

    /** Whether the class with this internal name ({@code com/acme/Cart}) may be woven. */
    public boolean weaves(String internalName) {
        if (startsWithAny(internalName, NEVER_WOVEN_INTERNAL) || startsWithAny(internalName, exclude)) {
            return false;
        }
        return include.isEmpty() || startsWithAny(internalName, include);
    }

    /** Whether a field declared in the class with this internal name could be a session field. */
    static boolean mayDeclareSessionFields(String internalName) {
        return !startsWithAny(internalName, NEVER_WOVEN_INTERNAL);
    }

    /** Whether each woven class and field is logged. */
    public boolean verbose() {
        return verbose;
    }

    private static boolean startsWithAny(String internalName, List<String> prefixes) {
        for (String prefix : prefixes) {
            if (internalName.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AgentOptions that && include.equals(that.include)
                && exclude.equals(that.exclude) && verbose == that.verbose;
    }

    @Override
    public int hashCode() {
        return include.hashCode() * 31 + exclude.hashCode() + (verbose ? 1 : 0);
    }

    @Override
    public String toString() {
        return "include=" + include + ", exclude=" + exclude + ", verbose=" + verbose;
    }
}
