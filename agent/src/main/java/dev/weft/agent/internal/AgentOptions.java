package dev.weft.agent.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The agent's options, from the text after {@code =} in {@code -javaagent:weft-agent.jar=...}.
 *
 * <p>Grammar (no character of it needs quoting in a POSIX shell):
 * <pre>
 * options  = option *( "," option )
 * option   = "include=" packages / "exclude=" packages / "verbose"
 * packages = package *( ":" package )
 * </pre>
 * for example {@code include=com.acme:org.foo,exclude=com.acme.generated,verbose}.
 * <ul>
 *   <li>{@code include}: weave only classes in these packages and their subpackages (default: every
 *       class not excluded).
 *   <li>{@code exclude}: never weave classes in these packages and their subpackages.
 *   <li>{@code verbose}: log each woven class and its session fields to {@code System.err}.
 * </ul>
 * {@code include} and {@code exclude} may repeat; their packages add up. A class they leave
 * unwoven is still scanned: if it uses a session field (outside the initializers that make the
 * field's default), it is refused, as a class that cannot be woven is, with a message that names
 * the option to change. JDK, Hazelcast, Byte Buddy, Jackson and Weft's own classes are never woven
 * nor scanned, whatever the options. Blanks around names and empty options (a trailing {@code ,})
 * are ignored. Anything else (a word that is not an option, an empty or malformed package name, a
 * value after {@code verbose}) is an {@link IllegalArgumentException} whose message, one line that
 * starts with {@code weft-agent: }, names it.
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

    /** What every malformed-option message ends with: the grammar, in one line. */
    private static final String EXPECTED = "expected include=<packages>, exclude=<packages> or verbose,"
            + " separated by ',', with packages separated by ':' (include=com.acme:org.foo,verbose)";

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
     * @throws IllegalArgumentException naming the first malformed option, in a one-line message that
     *     starts with {@code weft-agent: } and says what is expected
     */
    public static AgentOptions parse(String arguments) {
        if (arguments == null || arguments.isBlank()) {
            return defaults();
        }
        List<String> include = new ArrayList<>();
        List<String> exclude = new ArrayList<>();
        boolean verbose = false;
        for (String raw : split(arguments, ',')) {
            String option = raw.strip();
            int equals = option.indexOf('=');
            String key = (equals < 0 ? option : option.substring(0, equals)).strip();
            if (option.isEmpty()) {
                continue;
            } else if (key.equals("verbose")) {
                if (equals >= 0) {
                    throw malformed(arguments, "option '" + option + "': verbose takes no value");
                }
                verbose = true;
            } else if (key.equals("include") || key.equals("exclude")) {
                if (equals < 0) {
                    throw malformed(arguments, "option '" + option + "' has no packages");
                }
                List<String> packages = key.equals("include") ? include : exclude;
                for (String name : split(option.substring(equals + 1), ':')) {
                    packages.add(packageName(name.strip(), option, arguments));
                }
            } else {
                throw malformed(arguments, "unknown option '" + option + "'");
            }
        }
        return new AgentOptions(include, exclude, verbose);
    }

    /** The texts between separators, empty ones included; no regex, so premain stays light. */
    private static List<String> split(String text, char separator) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == separator) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }

    private static String packageName(String name, String option, String arguments) {
        if (name.isEmpty()) {
            throw malformed(arguments, "option '" + option + "' has an empty package name");
        }
        int start = 0;
        for (int dot = name.indexOf('.'); ; dot = name.indexOf('.', start)) {
            if (!isIdentifier(dot < 0 ? name.substring(start) : name.substring(start, dot))) {
                throw malformed(arguments, "option '" + option + "': '" + name + "' is not a package name");
            }
            if (dot < 0) {
                return name + ".";
            }
            start = dot + 1;
        }
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

    private static IllegalArgumentException malformed(String arguments, String problem) {
        return new IllegalArgumentException("weft-agent: " + problem + " in '" + arguments + "'; " + EXPECTED);
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
        return !isNeverWoven(internalName) && unwovenBecause(internalName) == null;
    }

    /**
     * Why the options leave a class unwoven, as advice that names the option to change ({@code
     * the agent's option exclude=com.acme.legacy leaves it unwoven; remove com.acme.legacy from
     * exclude=}), or null if they weave it. Says nothing of the packages that are never woven.
     */
    String unwovenBecause(String internalName) {
        for (String prefix : exclude) {
            if (internalName.startsWith(prefix)) {
                String name = prefix.substring(0, prefix.length() - 1).replace('/', '.');
                return "the agent's option exclude=" + name + " leaves it unwoven; remove " + name + " from exclude=";
            }
        }
        if (include.isEmpty() || startsWithAny(internalName, include)) {
            return null;
        }
        int slash = internalName.lastIndexOf('/');
        String name = slash < 0 ? "its package" : internalName.substring(0, slash).replace('/', '.');
        return "it is outside the agent's include= option, which leaves it unwoven; add " + name + " to include=";
    }

    /**
     * Whether the class is in a package that is never woven, whatever the options (the JDK,
     * Hazelcast, Byte Buddy, Jackson, Weft's own): no class there uses a session field.
     */
    static boolean isNeverWoven(String internalName) {
        return startsWithAny(internalName, NEVER_WOVEN_INTERNAL);
    }

    /** Whether a field declared in the class with this internal name could be a session field. */
    static boolean mayDeclareSessionFields(String internalName) {
        return !isNeverWoven(internalName);
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
