package dev.weft.demo.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** Weft's jars, as a program copies them next to itself, have stable names on the module path. */
class ModuleNamesIT {

    @Test
    void theRuntimeAndTheAnnotationsAreNamedModules() throws IOException {
        String classpath = System.getProperty("weft.demo.classpath");
        Path lib = Path.of(classpath.substring(classpath.lastIndexOf(java.io.File.pathSeparatorChar) + 1)).getParent();
        List<Path> weft;
        try (Stream<Path> jars = Files.list(lib)) {
            weft = jars.filter(jar -> jar.getFileName().toString().matches("weft-(runtime|annotations)-.*\\.jar")).toList();
        }
        assertEquals(2, weft.size(), "found " + weft + " in " + lib);
        Set<String> names = ModuleFinder.of(weft.toArray(Path[]::new)).findAll().stream()
                .map(ModuleReference::descriptor).map(descriptor -> descriptor.name()).collect(Collectors.toSet());
        assertEquals(Set.of("dev.weft.runtime", "dev.weft.annotations"), names);
    }
}
