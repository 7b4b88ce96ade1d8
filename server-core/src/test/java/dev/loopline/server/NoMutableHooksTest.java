package dev.loopline.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md: no public static mutable hook connects the public API and the internals. No class of the server, public
 * or internal, has a static field that other code could change, nor a public static method that installs one.
 */
class NoMutableHooksTest {

    @Test
    void noClassHasAStaticFieldOrSetterOthersCouldChange() throws Exception {
        Path classes = Path.of(Handler.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> hooks = new ArrayList<>();
        int checked = 0;
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                String name = classes.relativize(file).toString().replace('/', '.').replace(".class", "");
                if (name.equals("module-info")) {
                    continue;
                }
                Class<?> type = Class.forName(name, false, getClass().getClassLoader());
                checked++;
                for (Field field : type.getDeclaredFields()) {
                    int modifiers = field.getModifiers();
                    if (Modifier.isStatic(modifiers) && !Modifier.isFinal(modifiers) && !Modifier.isPrivate(modifiers)) {
                        hooks.add("static field others can change: " + type.getName() + "." + field.getName());
                    }
                }
                for (Method method : type.getDeclaredMethods()) {
                    int modifiers = method.getModifiers();
                    if (Modifier.isPublic(modifiers) && Modifier.isStatic(modifiers) && method.getReturnType() == void.class
                            && method.getParameterCount() == 1 && method.getParameterTypes()[0].isInterface()
                            && method.getParameterTypes()[0].getName().startsWith("dev.loopline.server.internal")) {
                        hooks.add("public static method that installs an internal hook: " + type.getName() + "."
                                + method.getName());
                    }
                }
            }
        }
        assertTrue(checked > 40, "found only " + checked + " classes under " + classes);
        assertTrue(hooks.isEmpty(), String.join("\n", hooks));
    }
}
