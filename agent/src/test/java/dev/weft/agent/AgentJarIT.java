package dev.weft.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.agent.internal.AgentOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** The packaged agent jar: the agent's own classes and its relocated Byte Buddy, nothing else. */
class AgentJarIT {

    private static JarFile jar() throws IOException {
        String path = System.getProperty("weft.agent.jar");
        assertNotNull(path, "failsafe passes the agent jar's path as weft.agent.jar");
        return new JarFile(path);
    }

    /** A class entry's path without a multi-release prefix {@code META-INF/versions/N/}. */
    private static String classPath(String entry) {
        return entry.startsWith("META-INF/versions/") ? entry.replaceFirst("^META-INF/versions/\\d+/", "") : entry;
    }

    @Test
    void everyClassIsTheAgentsOrItsRelocatedByteBuddy() throws IOException {
        List<String> strangers = new ArrayList<>();
        List<String> unrelocated = new ArrayList<>();
        int classes = 0;
        try (JarFile jar = jar()) {
            for (JarEntry entry : jar.stream().toList()) {
                if (!entry.getName().endsWith(".class")) {
                    continue;
                }
                classes++;
                if (!classPath(entry.getName()).startsWith("dev/weft/agent/")) {
                    strangers.add(entry.getName());
                }
                byte[] bytes = jar.getInputStream(entry).readAllBytes();
                if (new String(bytes, StandardCharsets.ISO_8859_1).contains("net/bytebuddy/")) {
                    unrelocated.add(entry.getName());
                }
            }
            assertNotNull(jar.getEntry("dev/weft/agent/WeftAgent.class"));
            assertNotNull(jar.getEntry("dev/weft/agent/shaded/bytebuddy/agent/builder/AgentBuilder.class"));
            assertNotNull(jar.getEntry("dev/weft/agent/shaded/bytebuddy/agent/ByteBuddyAgent.class"));
            assertNotNull(jar.getEntry("dev/weft/agent/shaded/bytebuddy/jar/asm/ClassReader.class"));
        }
        assertTrue(classes > 1000, "Byte Buddy is shaded in: " + classes + " classes");
        assertEquals(List.of(), strangers, "classes outside dev/weft/agent/");
        assertEquals(List.of(), unrelocated, "classes that still name net/bytebuddy/");
    }

    @Test
    void theShadedAgentStillNeverWeavesTheApplicationsByteBuddy() {
        assertTrue(AgentOptions.class.getProtectionDomain().getCodeSource().getLocation().getPath().endsWith(".jar"),
                "this JVM runs the agent's classes from the packaged jar");
        String applicationByteBuddy = String.join("/", "net", "bytebuddy", "ByteBuddy");
        assertFalse(AgentOptions.defaults().weaves(applicationByteBuddy));
    }

    @Test
    void theManifestMakesItAnAgent() throws IOException {
        try (JarFile jar = jar()) {
            Attributes manifest = jar.getManifest().getMainAttributes();
            assertEquals("dev.weft.agent.WeftAgent", manifest.getValue("Premain-Class"));
            assertEquals("dev.weft.agent.WeftAgent", manifest.getValue("Agent-Class"));
            assertEquals("true", manifest.getValue("Can-Retransform-Classes"));
            assertEquals("true", manifest.getValue("Can-Redefine-Classes"));
            assertEquals(System.getProperty("weft.project.version"), manifest.getValue("Implementation-Version"));
        }
    }
}
