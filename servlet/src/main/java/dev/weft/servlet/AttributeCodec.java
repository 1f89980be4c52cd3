package dev.weft.servlet;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DatabindContext;
import tools.jackson.databind.DefaultTyping;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.exc.InvalidTypeIdException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.PolymorphicTypeValidator;

/**
 * Turns {@code HttpSession} attribute values into JSON text that names their types, and back,
 * decoding only types on an allow-list.
 *
 * <p>An attribute's type is unknown when it is read ({@code getAttribute} returns {@code
 * Object}), so the text carries it: Jackson's default typing ({@link DefaultTyping#NON_FINAL})
 * writes a type id for the value itself and for every value inside it whose declared type could
 * hold several classes ({@code ["java.lang.Long",5]}, {@code {"@class":"com.acme.Cart",...}}).
 * Type ids in JSON are a known way to attack a program (a "gadget" class named in the text is
 * made and run), so decoding checks every id against the {@link AllowList} <em>by name, before
 * the class is loaded</em>: Jackson's {@code BasicPolymorphicTypeValidator} answers
 * "indeterminate" for a name it has no rule for, and Jackson then loads that class before it asks
 * again, which an allow-list should never let happen. The same validator guards type ids that
 * classes declare with {@code @JsonTypeInfo}. A generic type id ({@code
 * java.util.ArrayList<com.acme.X>}) is refused before Jackson sees the text: Jackson checks only its
 * raw class and loads the classes of its parameters to resolve it. No Java serialization is
 * involved anywhere.
 *
 * <p>Immutable and thread-safe.
 */
final class AttributeCodec {

    private final AllowList allowList;
    private final JsonMapper mapper;
    private final ObjectWriter writer;

    /**
     * @param base the mapper whose settings (modules, features) attribute values use; default typing
     *     and the validator are added to a copy of it
     * @param packages packages whose classes (and their subpackages' classes) may be decoded
     */
    AttributeCodec(JsonMapper base, List<String> packages) {
        this.allowList = new AllowList(packages);
        this.mapper = base.rebuild()
                .polymorphicTypeValidator(allowList)
                .activateDefaultTyping(allowList, DefaultTyping.NON_FINAL, JsonTypeInfo.As.PROPERTY)
                .build();
        this.writer = mapper.writerFor(Object.class);
    }

    /**
     * Encodes an attribute's value, after making sure that it will decode back: every type in it
     * must be allowed, and the decoded value must equal it (or, for a class that keeps Object's
     * identity {@code equals}, encode to the same text).
     *
     * @param name the attribute's name, for the message
     * @param value the value, not null
     * @return the JSON text
     * @throws IllegalArgumentException naming the attribute and the type (never the value) if the
     *     value cannot be stored
     */
    String encode(String name, Object value) {
        String text = write(name, value);
        check(name, value, text);
        return text;
    }

    /**
     * Encodes a value without checking that it decodes back, to compare it with what it was (a
     * value handed out may have been changed in place); {@link #check} it before storing it.
     *
     * @throws IllegalArgumentException as {@link #encode} if it has no JSON form
     */
    String write(String name, Object value) {
        try {
            return writer.writeValueAsString(value);
        } catch (JacksonException | IllegalArgumentException e) {
            throw new IllegalArgumentException("session attribute '" + name + "' of type " + value.getClass().getName()
                    + " has no JSON form (" + e.getClass().getSimpleName() + "), so it cannot be stored");
        }
    }

    /**
     * Checks that {@code text}, which {@link #write} made of {@code value}, decodes back: every
     * type in it is allowed, and the decoded value equals {@code value} (or, for a class that keeps
     * Object's identity {@code equals}, encodes to the same text).
     *
     * @throws IllegalArgumentException naming the attribute and the type, never the value
     */
    void check(String name, Object value, String text) {
        String type = value.getClass().getName();
        Object back;
        try {
            back = read(text);
        } catch (GenericTypeId e) {
            throw new IllegalArgumentException("session attribute '" + name + "' of type " + type + " holds "
                    + e.getMessage() + ", so it cannot be stored");
        } catch (InvalidTypeIdException e) {
            String refused = e.getTypeId();
            throw new IllegalArgumentException("session attribute '" + name + "' of type " + type
                    + (type.equals(refused) ? "" : " holds a value of type " + refused + ", which")
                    + " is not on the allow-list of types session attributes may hold; allow its package with"
                    + " SessionFilter.builder(sessions).allowPackages(..) (init parameter "
                    + SessionFilter.ALLOW_PACKAGES_PARAMETER + ")");
        } catch (JacksonException | IllegalArgumentException e) {
            throw new IllegalArgumentException("session attribute '" + name + "' of type " + type
                    + " does not decode from its JSON form (" + e.getClass().getSimpleName()
                    + "), so it cannot be stored");
        }
        if (!Objects.deepEquals(value, back)
                && (back == null || back.getClass() != value.getClass() || overridesEquals(value.getClass())
                        || !text.equals(writer.writeValueAsString(back)))) {
            throw new IllegalArgumentException("session attribute '" + name + "' of type " + type
                    + " does not read back from JSON as an equal value (a map whose keys are not strings,"
                    + " say), so it cannot be stored");
        }
    }

    /**
     * Decodes an attribute's stored text.
     *
     * @param name the attribute's name, for the message
     * @param text what {@link #encode} made (here or on another member)
     * @return the value
     * @throws IllegalArgumentException naming the attribute if the text does not decode, or names a
     *     type that is not allowed; the message never contains the text
     */
    Object decode(String name, String text) {
        try {
            return read(text);
        } catch (GenericTypeId e) {
            throw new IllegalArgumentException("stored session attribute '" + name + "' holds " + e.getMessage());
        } catch (InvalidTypeIdException e) {
            throw new IllegalArgumentException("stored session attribute '" + name + "' names type "
                    + e.getTypeId() + ", which is not on the allow-list of types session attributes may hold");
        } catch (JacksonException | IllegalArgumentException e) {
            throw new IllegalArgumentException("stored session attribute '" + name + "' does not decode ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    /** Decodes {@code text}, unless it holds a generic type id of an allowed class ({@link GenericTypeId}). */
    private Object read(String text) {
        try (JsonParser parser = mapper.createParser(text)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token == JsonToken.VALUE_STRING || token == JsonToken.PROPERTY_NAME) {
                    String string = token == JsonToken.PROPERTY_NAME ? parser.currentName() : parser.getString();
                    int generic = string.indexOf('<');
                    // Where this is a type id, Jackson checks the part before '<' and then loads the rest.
                    if (generic > 0 && allowList.allows(string.substring(0, generic))) {
                        throw new GenericTypeId(string.substring(0, generic));
                    }
                }
            }
        }
        return mapper.readValue(text, Object.class);
    }

    /**
     * Text that names a generic type ({@code java.util.ArrayList<..>}): Jackson would validate its
     * raw class only and load its parameters' classes to resolve it. Text that is only a string of
     * that form (a value, not a type id) is refused too.
     */
    private static final class GenericTypeId extends RuntimeException {
        private static final long serialVersionUID = 1L;

        GenericTypeId(String rawType) {
            super("a generic type id (" + rawType + "<..>), which is refused: its type parameters would be loaded"
                    + " before they are checked", null, false, false);
        }
    }

    /** Whether values of the class named {@code name} may be decoded. */
    boolean allows(String name) {
        return allowList.allows(name);
    }

    /**
     * The class name a stored text names for its value, without decoding it, or null if it names
     * none (a string, a boolean, an int or a double, which carry no type id).
     */
    static String typeName(String text) {
        if (text.startsWith("[\"")) {
            int end = text.indexOf('"', 2);
            return end < 0 ? null : text.substring(2, end);
        }
        String property = "{\"@class\":\"";
        if (text.startsWith(property)) {
            int end = text.indexOf('"', property.length());
            return end < 0 ? null : text.substring(property.length(), end);
        }
        return null;
    }

    private static boolean overridesEquals(Class<?> type) {
        try {
            Method equals = type.getMethod("equals", Object.class);
            return equals.getDeclaringClass() != Object.class;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /**
     * The types attribute values may hold: classes in the packages the filter names (and their
     * subpackages), the JDK's value types ({@code String}, the boxed primitives, {@code
     * BigInteger}, {@code BigDecimal}, {@code UUID}, {@code Locale}, {@code Currency}, {@code
     * URI}, {@code java.time}'s classes), its general-purpose collections and maps and the
     * unmodifiable ones that {@code List.of}, {@code Collections.unmodifiableList} and the like
     * make, and arrays of any of these or of primitives. Decided by name, before a class is loaded
     * (with generic type ids refused before Jackson resolves them), so that no class outside it is
     * loaded to resolve a type id.
     */
    static final class AllowList extends PolymorphicTypeValidator.Base {

        private static final long serialVersionUID = 1L;

        private static final Set<String> JDK_TYPES = Set.of(
                "java.lang.String", "java.lang.Boolean", "java.lang.Character", "java.lang.Byte", "java.lang.Short",
                "java.lang.Integer", "java.lang.Long", "java.lang.Float", "java.lang.Double",
                "java.math.BigInteger", "java.math.BigDecimal",
                "java.util.UUID", "java.util.Locale", "java.util.Currency", "java.net.URI",
                "java.util.ArrayList", "java.util.LinkedList", "java.util.ArrayDeque",
                "java.util.HashMap", "java.util.LinkedHashMap", "java.util.TreeMap",
                "java.util.HashSet", "java.util.LinkedHashSet", "java.util.TreeSet",
                "java.util.Arrays$ArrayList");
        /** Prefixes of the JDK's unmodifiable collections (Jackson reads them as such). */
        private static final List<String> JDK_PREFIXES = List.of(
                "java.util.ImmutableCollections$", "java.util.Collections$Unmodifiable",
                "java.util.Collections$Singleton", "java.util.Collections$Empty");
        private static final String PRIMITIVE_CODES = "ZBCSIJFD";

        private final List<String> packagePrefixes;

        AllowList(List<String> packages) {
            this.packagePrefixes = packages.stream().map(name -> name + ".").toList();
        }

        boolean allows(String name) {
            if (name.startsWith("[")) {
                String element = name.substring(name.lastIndexOf('[') + 1);
                if (element.length() == 1) {
                    return PRIMITIVE_CODES.contains(element);
                }
                return element.startsWith("L") && element.endsWith(";")
                        && allows(element.substring(1, element.length() - 1));
            }
            if (JDK_TYPES.contains(name)) {
                return true;
            }
            if (name.startsWith("java.time.") && name.indexOf('.', "java.time.".length()) < 0) {
                return true;
            }
            for (String prefix : JDK_PREFIXES) {
                if (name.startsWith(prefix)) {
                    return true;
                }
            }
            for (String prefix : packagePrefixes) {
                if (name.startsWith(prefix)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public Validity validateBaseType(DatabindContext context, JavaType baseType) {
            return Validity.INDETERMINATE; // every subtype is checked by name
        }

        @Override
        public Validity validateSubClassName(DatabindContext context, JavaType baseType, String subClassName) {
            return allows(subClassName) ? Validity.ALLOWED : Validity.DENIED;
        }

        @Override
        public Validity validateSubType(DatabindContext context, JavaType baseType, JavaType subType) {
            return allows(subType.getRawClass().getName()) ? Validity.ALLOWED : Validity.DENIED;
        }
    }
}
