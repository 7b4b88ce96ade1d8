package dev.loopline.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a module shows its users, read from its compiled classes: the exports of its module descriptor, and every
 * type named by a public signature of its public package (supertypes, type parameters and their bounds, method
 * and constructor parameters, results and exceptions, fields, record components; generics included).
 */
public final class PublicApi {

    private PublicApi() {
    }

    /** The module descriptor compiled next to {@code anyClass} (target/classes/module-info.class, or in the jar). */
    public static ModuleDescriptor descriptorOf(Class<?> anyClass) throws IOException {
        Path root = classesRoot(anyClass);
        if (Files.isDirectory(root)) {
            try (InputStream in = Files.newInputStream(root.resolve("module-info.class"))) {
                return ModuleDescriptor.read(in);
            }
        }
        try (FileSystem jar = FileSystems.newFileSystem(root);
             InputStream in = Files.newInputStream(jar.getPath("module-info.class"))) {
            return ModuleDescriptor.read(in);
        }
    }

    /** Every public class of {@code anchor}'s package, nested ones included, found beside it on disk. */
    public static List<Class<?>> publicTypesOf(Class<?> anchor) throws IOException, ClassNotFoundException {
        String packageName = anchor.getPackageName();
        Path directory = classesRoot(anchor).resolve(packageName.replace('.', '/'));
        List<String> names;
        try (Stream<Path> files = Files.list(directory)) {
            names = files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".class") && !name.equals("package-info.class"))
                    .map(name -> packageName + "." + name.substring(0, name.length() - ".class".length()))
                    .sorted().collect(Collectors.toList());
        }
        List<Class<?>> types = new ArrayList<>();
        for (String name : names) {
            Class<?> type = Class.forName(name, false, anchor.getClassLoader());
            if (isVisibleFromOutside(type)) {
                types.add(type);
            }
        }
        return types;
    }

    /**
     * Each place where a public signature of {@code types} names a type whose name starts with one of
     * {@code forbiddenPrefixes}, as "where: type"; empty when there is none.
     */
    public static List<String> mentions(List<Class<?>> types, List<String> forbiddenPrefixes) {
        Checker checker = new Checker(forbiddenPrefixes);
        for (Class<?> type : types) {
            checker.type(type);
        }
        return checker.found;
    }

    /** A nested class is visible only if it and every class around it are public (or protected, nested). */
    private static boolean isVisibleFromOutside(Class<?> type) {
        for (Class<?> current = type; current != null; current = current.getDeclaringClass()) {
            int modifiers = current.getModifiers();
            boolean visible = Modifier.isPublic(modifiers)
                    || (current.getDeclaringClass() != null && Modifier.isProtected(modifiers));
            if (!visible || current.isAnonymousClass() || current.isLocalClass() || current.isSynthetic()) {
                return false;
            }
        }
        return true;
    }

    private static Path classesRoot(Class<?> anyClass) throws IOException {
        try {
            return Path.of(anyClass.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException("cannot locate the classes of " + anyClass, e);
        }
    }

    /** Walks signatures; remembers type variables it has seen, since a bound may name its own variable. */
    private static final class Checker {
        private final List<String> forbidden;
        private final List<String> found = new ArrayList<>();
        private final Set<TypeVariable<?>> seen = new HashSet<>();

        Checker(List<String> forbidden) {
            this.forbidden = forbidden;
        }

        void type(Class<?> type) {
            String name = type.getName();
            typeParameters(name, type.getTypeParameters());
            check(name + " extends", type.getGenericSuperclass());
            for (Type implemented : type.getGenericInterfaces()) {
                check(name + " implements", implemented);
            }
            for (Method method : members(type.getMethods(), type.getDeclaredMethods())) {
                if (!method.isSynthetic()) {
                    executable(name + "." + method.getName(), method);
                    check(name + "." + method.getName() + " returns", method.getGenericReturnType());
                }
            }
            for (Constructor<?> constructor : type.getDeclaredConstructors()) {
                if (isPublicOrProtected(constructor.getModifiers()) && !constructor.isSynthetic()) {
                    executable(name + ".<init>", constructor);
                }
            }
            for (Field field : members(type.getFields(), type.getDeclaredFields())) {
                check(name + "." + field.getName(), field.getGenericType());
            }
            if (type.isRecord()) {
                for (RecordComponent component : type.getRecordComponents()) {
                    check(name + "." + component.getName(), component.getGenericType());
                }
            }
        }

        /** Public members, inherited ones included, and the protected ones declared here. */
        private static <T extends Member> List<T> members(T[] publicOnes, T[] declared) {
            List<T> all = new ArrayList<>(List.of(publicOnes));
            for (T member : declared) {
                if (Modifier.isProtected(member.getModifiers())) {
                    all.add(member);
                }
            }
            return all;
        }

        private void executable(String where, Executable executable) {
            typeParameters(where, executable.getTypeParameters());
            for (Type parameter : executable.getGenericParameterTypes()) {
                check(where + " parameter", parameter);
            }
            for (Type thrown : executable.getGenericExceptionTypes()) {
                check(where + " throws", thrown);
            }
        }

        private void typeParameters(String where, TypeVariable<?>[] variables) {
            for (TypeVariable<?> variable : variables) {
                check(where + " <" + variable.getName() + ">", variable);
            }
        }

        void check(String where, Type type) {
            if (type == null) {
                return;
            }
            if (type instanceof Class<?>) {
                Class<?> raw = (Class<?>) type;
                while (raw.isArray()) {
                    raw = raw.getComponentType();
                }
                for (String prefix : forbidden) {
                    if (raw.getName().startsWith(prefix)) {
                        found.add(where + ": " + raw.getName());
                    }
                }
            } else if (type instanceof ParameterizedType) {
                ParameterizedType parameterized = (ParameterizedType) type;
                check(where, parameterized.getOwnerType());
                check(where, parameterized.getRawType());
                for (Type argument : parameterized.getActualTypeArguments()) {
                    check(where + " type argument", argument);
                }
            } else if (type instanceof WildcardType) {
                WildcardType wildcard = (WildcardType) type;
                Stream.concat(Stream.of(wildcard.getUpperBounds()), Stream.of(wildcard.getLowerBounds()))
                        .forEach(bound -> check(where + " bound", bound));
            } else if (type instanceof TypeVariable<?>) {
                TypeVariable<?> variable = (TypeVariable<?>) type;
                if (seen.add(variable)) {
                    for (Type bound : variable.getBounds()) {
                        check(where + " bound", bound);
                    }
                }
            } else if (type instanceof GenericArrayType) {
                check(where, ((GenericArrayType) type).getGenericComponentType());
            }
        }

        private static boolean isPublicOrProtected(int modifiers) {
            return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
        }
    }
}
