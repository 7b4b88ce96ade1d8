package dev.loopline.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** DESIGN.md: a user reads the public package and knows the whole API; no public signature mentions Netty. */
class PublicApiTest {

    @Test
    void noPublicSignatureMentionsANettyType() throws Exception {
        List<Class<?>> classes = publicClasses();
        assertTrue(classes.size() >= 10, "found only " + classes);
        List<String> leaks = new ArrayList<>();
        for (Class<?> type : classes) {
            check(type.getName() + " extends", type.getGenericSuperclass(), leaks);
            for (Type implemented : type.getGenericInterfaces()) {
                check(type.getName() + " implements", implemented, leaks);
            }
            for (Method method : type.getDeclaredMethods()) {
                if (isVisible(method.getModifiers())) {
                    checkExecutable(type.getName() + "." + method.getName(), method, leaks);
                    check(type.getName() + "." + method.getName() + " returns", method.getGenericReturnType(), leaks);
                }
            }
            for (Constructor<?> constructor : type.getDeclaredConstructors()) {
                if (isVisible(constructor.getModifiers())) {
                    checkExecutable(type.getName() + ".<init>", constructor, leaks);
                }
            }
            for (Field field : type.getDeclaredFields()) {
                if (isVisible(field.getModifiers())) {
                    check(type.getName() + "." + field.getName(), field.getGenericType(), leaks);
                }
            }
            if (type.isRecord()) {
                for (RecordComponent component : type.getRecordComponents()) {
                    check(type.getName() + "." + component.getName(), component.getGenericType(), leaks);
                }
            }
        }
        assertTrue(leaks.isEmpty(), "Netty types in the public API:\n" + String.join("\n", leaks));
    }

    @Test
    void theCheckCatchesANettyType() {
        List<String> leaks = new ArrayList<>();
        check("probe", io.netty.buffer.ByteBuf.class, leaks);
        assertTrue(!leaks.isEmpty(), "the checker must recognise a Netty type");
    }

    private static boolean isVisible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static void checkExecutable(String where, Executable executable, List<String> leaks) {
        for (Type parameter : executable.getGenericParameterTypes()) {
            check(where + " parameter", parameter, leaks);
        }
        for (Type thrown : executable.getGenericExceptionTypes()) {
            check(where + " throws", thrown, leaks);
        }
    }

    private static void check(String where, Type type, List<String> leaks) {
        if (type != null && type.getTypeName().contains("io.netty")) {
            leaks.add(where + ": " + type.getTypeName());
        }
    }

    /** Every public class of dev.loopline.server, nested ones included, found on disk next to Handler. */
    private static List<Class<?>> publicClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Path directory = Path.of(Handler.class.getResource("Handler.class").toURI()).getParent();
        List<String> names;
        try (Stream<Path> files = Files.list(directory)) {
            names = files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".class"))
                    .map(name -> "dev.loopline.server." + name.substring(0, name.length() - ".class".length()))
                    .collect(Collectors.toList());
        }
        List<Class<?>> classes = new ArrayList<>();
        for (String name : names) {
            Class<?> type = Class.forName(name);
            if (Modifier.isPublic(type.getModifiers())) {
                classes.add(type);
            }
        }
        return classes;
    }
}
