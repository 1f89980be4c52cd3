package dev.weft.agent.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.utility.OpenedClassReader;

/**
 * The cheap first look at every class file the agent sees: its constant pool and field table,
 * never its methods. Most classes stop here, because they neither mention {@code @SessionScoped}
 * nor refer to a field of another application class.
 */
final class ClassFileScan {

    private static final int CONSTANT_UTF8 = 1;
    private static final int CONSTANT_FIELDREF = 9;
    private static final byte[] SESSION_SCOPED = Bridge.SESSION_SCOPED_DESCRIPTOR.getBytes(StandardCharsets.UTF_8);
    /** The ASM API level of every visitor of the agent. */
    static final int ASM_API = Opcodes.ASM9;
    /** The newest class file version ASM reads. */
    private static final int LATEST_VERSION = Opcodes.V28;
    /**
     * Byte Buddy's switch for reading class files newer than its ASM knows (a constant, relocated
     * with the shaded Byte Buddy, so only the agent's copy is switched).
     */
    private static final boolean EXPERIMENTAL = Boolean.getBoolean(OpenedClassReader.EXPERIMENTAL_PROPERTY);

    private final String className;
    private final String superName;
    private final boolean mentionsSessionScoped;
    private final List<FieldRef> fieldRefs;
    private final Set<String> declaredFields;

    private ClassFileScan(String className, String superName, boolean mentionsSessionScoped,
            List<FieldRef> fieldRefs, Set<String> declaredFields) {
        this.className = className;
        this.superName = superName;
        this.mentionsSessionScoped = mentionsSessionScoped;
        this.fieldRefs = fieldRefs;
        this.declaredFields = declaredFields;
    }

    /** A {@code CONSTANT_Fieldref}: the field as the code names it, through {@code owner}. */
    record FieldRef(String owner, String name, String descriptor) {

        String key() {
            return key(owner, name, descriptor);
        }

        static String key(String owner, String name, String descriptor) {
            return owner + '.' + name + ':' + descriptor;
        }
    }

    /**
     * Scans a class file of any version: the constant pool and the field table have kept their
     * form since Java 1.0, so a class file newer than ASM knows is scanned all the same. Field
     * references whose owner can never declare a session field (JDK and other {@linkplain
     * AgentOptions#NEVER_WOVEN never-woven} classes) are left out.
     *
     * @throws IllegalArgumentException or another runtime exception if the constant pool cannot be
     *     read (a damaged file, a kind of constant newer than ASM knows)
     */
    static ClassFileScan of(byte[] classFile) {
        ClassReader reader = structureReader(classFile);
        char[] buffer = new char[reader.getMaxStringLength()];
        boolean mentionsSessionScoped = false;
        List<FieldRef> fieldRefs = new ArrayList<>();
        for (int item = 1; item < reader.getItemCount(); item++) {
            int offset = reader.getItem(item);
            if (offset == 0) {
                continue; // the unusable second slot of a long or double constant
            }
            int tag = classFile[offset - 1];
            if (tag == CONSTANT_UTF8) {
                mentionsSessionScoped |= isSessionScoped(classFile, offset);
            } else if (tag == CONSTANT_FIELDREF) {
                String owner = reader.readClass(offset, buffer);
                if (AgentOptions.mayDeclareSessionFields(owner)) {
                    int nameAndType = reader.getItem(reader.readUnsignedShort(offset + 2));
                    fieldRefs.add(new FieldRef(owner, reader.readUTF8(nameAndType, buffer),
                            reader.readUTF8(nameAndType + 2, buffer)));
                }
            }
        }
        Set<String> declaredFields = fieldRefs.isEmpty() ? Set.of() : declaredFields(reader, buffer);
        return new ClassFileScan(reader.getClassName(), reader.getSuperName(), mentionsSessionScoped,
                List.copyOf(fieldRefs), declaredFields);
    }

    /**
     * An ASM reader of a class file, for reading its code. A class file newer than ASM knows is
     * refused with an {@link IllegalArgumentException}, unless Byte Buddy's experimental property
     * is set: then it is read as the newest known version, and written back with its own.
     */
    static ClassReader reader(byte[] classFile) {
        return EXPERIMENTAL ? structureReader(classFile) : new ClassReader(classFile);
    }

    /**
     * An ASM reader of a class file of any version, for what has kept its form (the constant pool,
     * fields, annotations, the class's methods copied unread): a class file newer than ASM knows is
     * read as the newest version it knows, and written back with its own. Never visit its code.
     */
    static ClassReader structureReader(byte[] classFile) {
        if (major(classFile) <= LATEST_VERSION) {
            return new ClassReader(classFile);
        }
        byte[] copy = classFile.clone();
        copy[6] = (byte) (LATEST_VERSION >>> 8);
        copy[7] = (byte) LATEST_VERSION;
        ClassReader reader = new ClassReader(copy);
        copy[6] = classFile[6]; // the reader reads the version again when it visits the class
        copy[7] = classFile[7];
        return reader;
    }

    /** The class file's major version; 0 if it is too short to have one. */
    static int major(byte[] classFile) {
        return classFile.length < 8 ? 0 : ((classFile[6] & 0xFF) << 8) | (classFile[7] & 0xFF);
    }

    /**
     * Whether the bytes hold the descriptor of {@code @SessionScoped} anywhere: for a class file
     * whose constant pool cannot be read, the sign that it may declare session fields.
     */
    static boolean namesSessionScoped(byte[] classFile) {
        for (int start = 0; start + SESSION_SCOPED.length <= classFile.length; start++) {
            if (regionMatches(classFile, start, SESSION_SCOPED)) {
                return true;
            }
        }
        return false;
    }

    private static boolean regionMatches(byte[] bytes, int start, byte[] expected) {
        for (int i = 0; i < expected.length; i++) {
            if (bytes[start + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isSessionScoped(byte[] classFile, int offset) {
        int length = ((classFile[offset] & 0xFF) << 8) | (classFile[offset + 1] & 0xFF);
        return length == SESSION_SCOPED.length && regionMatches(classFile, offset + 2, SESSION_SCOPED);
    }

    /** Name and descriptor ({@code name:descriptor}) of every field the class itself declares. */
    private static Set<String> declaredFields(ClassReader reader, char[] buffer) {
        int offset = reader.header + 6; // access_flags, this_class, super_class
        int interfaces = reader.readUnsignedShort(offset);
        offset += 2 + 2 * interfaces;
        int fields = reader.readUnsignedShort(offset);
        offset += 2;
        Set<String> declared = new HashSet<>();
        for (int field = 0; field < fields; field++) {
            declared.add(reader.readUTF8(offset + 2, buffer) + ':' + reader.readUTF8(offset + 4, buffer));
            int attributes = reader.readUnsignedShort(offset + 6);
            offset += 8;
            for (int attribute = 0; attribute < attributes; attribute++) {
                offset += 6 + reader.readInt(offset + 2);
            }
        }
        return declared;
    }

    /** Internal name of the scanned class. */
    String className() {
        return className;
    }

    /** Internal name of its superclass, or null for {@code java/lang/Object} and module-info. */
    String superName() {
        return superName;
    }

    /** Whether the class's constant pool names {@code @SessionScoped}: a necessary condition for declaring a session field. */
    boolean mentionsSessionScoped() {
        return mentionsSessionScoped;
    }

    /** Field references through application classes (including this class). */
    List<FieldRef> fieldRefs() {
        return fieldRefs;
    }

    /** Whether the scanned class itself declares the referenced field. */
    boolean declares(FieldRef ref) {
        return declaredFields.contains(ref.name() + ':' + ref.descriptor());
    }
}
