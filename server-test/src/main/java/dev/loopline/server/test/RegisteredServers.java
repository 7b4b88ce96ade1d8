package dev.loopline.server.test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestInstances;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * The {@link LooplineExtension}s a test sees, by field name, outermost class first: what lets several servers in
 * one test class tell their parameters apart. Read through JUnit's own reflection support, so a test package
 * opened to JUnit needs no more.
 */
final class RegisteredServers {

    private RegisteredServers() {
    }

    /** Field name to extension, outermost class first, then by name; a name a nested class repeats is qualified. */
    static Map<String, LooplineExtension> in(ExtensionContext context) {
        Map<String, LooplineExtension> servers = new LinkedHashMap<>();
        Optional<TestInstances> instances = context.getTestInstances();
        for (Class<?> type : outermostFirst(context.getRequiredTestClass())) {
            Object instance = instances.flatMap(all -> all.findInstance(type)).orElse(null);
            List<Field> fields = new ArrayList<>(AnnotationSupport.findAnnotatedFields(type, RegisterExtension.class,
                    candidate -> LooplineExtension.class.isAssignableFrom(candidate.getType())));
            fields.sort(Comparator.comparing(Field::getName)); // JUnit's order is stable but not the source's
            for (Field field : fields) {
                boolean isStatic = Modifier.isStatic(field.getModifiers());
                if (!isStatic && instance == null) {
                    continue; // an instance field's server does not exist before (or outside) a test
                }
                Object value = ReflectionSupport.tryToReadFieldValue(field, isStatic ? null : instance)
                        .toOptional().orElse(null);
                if (value instanceof LooplineExtension && !servers.containsValue(value)) {
                    String name = servers.containsKey(field.getName())
                            ? field.getDeclaringClass().getSimpleName() + "." + field.getName() : field.getName();
                    servers.put(name, (LooplineExtension) value);
                }
            }
        }
        return servers;
    }

    /** The name of {@code extension}'s field, or {@code null} when it is not held in a registered field. */
    static String nameOf(LooplineExtension extension, Map<String, LooplineExtension> servers) {
        for (Map.Entry<String, LooplineExtension> server : servers.entrySet()) {
            if (server.getValue() == extension) {
                return server.getKey();
            }
        }
        return null;
    }

    private static Deque<Class<?>> outermostFirst(Class<?> testClass) {
        Deque<Class<?>> classes = new ArrayDeque<>();
        for (Class<?> type = testClass; type != null;
                type = Modifier.isStatic(type.getModifiers()) ? null : type.getEnclosingClass()) {
            classes.addFirst(type); // an @Nested (inner) class also sees the extensions of the classes around it
        }
        return classes;
    }
}
