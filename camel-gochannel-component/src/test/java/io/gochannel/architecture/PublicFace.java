package io.gochannel.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The public face of a module: every public type of the packages others compile against, with its public and
 * protected members, kept in a {@code public-api.txt} beside the module's POM. A change of the face is then a
 * visible diff of that file, reviewed with the code. Each module's {@code PublicFaceTest} calls
 * {@link #assertReviewed}; to accept a change, run it with {@code -Dgochannel.publicApi.write=true} and commit the
 * file it writes. Shared with the other modules' tests through this module's test-jar.
 */
public final class PublicFace {
    private static final JavaClasses CLASSES = new ClassFileImporter().importPath(Path.of("target", "classes"));

    private PublicFace() {}

    /**
     * Asserts that the public types and members of {@code packages} (as compiled in the module under test) are
     * those {@code file} lists; with {@code -Dgochannel.publicApi.write=true} writes the file instead.
     *
     * @param module the artifact, named in the file's first line
     */
    public static void assertReviewed(Path file, String module, List<String> packages) throws IOException {
        String now = describe(module, packages);
        if (Boolean.getBoolean("gochannel.publicApi.write")) {
            Files.writeString(file, now, StandardCharsets.UTF_8);
        }
        String reviewed = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        assertThat(now)
                .as(
                        "the public face of %s changed: if that is meant, run this test with -Dgochannel.publicApi.write=true"
                                + " and commit %s with the change",
                        module, file.toAbsolutePath())
                .isEqualTo(reviewed);
    }

    static String describe(String module, List<String> packages) {
        StringBuilder out = new StringBuilder(
                "# The public face of " + module + ": written by its PublicFaceTest," + " reviewed in every change.\n");
        for (String pkg : packages) {
            TreeMap<String, String> types = new TreeMap<>();
            // The module's own classes only: other jars on the class path may hold classes of the same packages.
            for (JavaClass javaClass : CLASSES) {
                if (javaClass.getPackageName().equals(pkg) && !javaClass.isAnonymousClass()) {
                    Class<?> type = javaClass.reflect();
                    if (isVisible(type)) {
                        types.put(type.getName(), describe(type));
                    }
                }
            }
            out.append('\n').append("package ").append(pkg).append('\n');
            types.values().forEach(out::append);
        }
        return out.toString();
    }

    /** Public, and every enclosing type public too. */
    private static boolean isVisible(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
            if (!Modifier.isPublic(c.getModifiers())) {
                return false;
            }
        }
        return true;
    }

    private static String describe(Class<?> type) {
        StringBuilder out = new StringBuilder();
        out.append('\n')
                .append(kind(type))
                .append(' ')
                .append(type.getName().substring(type.getPackageName().length() + 1))
                .append(typeParameters(type.getTypeParameters()));
        List<String> supertypes = new ArrayList<>();
        if (type.getGenericSuperclass() != null
                && type.getSuperclass() != Object.class
                && !type.isEnum()
                && !type.isRecord()) {
            supertypes.add(type.getGenericSuperclass().getTypeName());
        }
        Arrays.stream(type.getGenericInterfaces()).map(Type::getTypeName).forEach(supertypes::add);
        if (!supertypes.isEmpty()) {
            out.append(" : ").append(String.join(", ", supertypes));
        }
        out.append('\n');
        TreeSet<String> members = new TreeSet<>();
        boolean extensible = !Modifier.isFinal(type.getModifiers()) && !type.isInterface();
        for (Field field : type.getDeclaredFields()) {
            if (visible(field.getModifiers(), extensible) && !field.isSynthetic()) {
                members.add("  " + modifiers(field.getModifiers())
                        + field.getGenericType().getTypeName() + " " + field.getName());
            }
        }
        for (Constructor<?> constructor : type.getDeclaredConstructors()) {
            if (visible(constructor.getModifiers(), extensible) && !constructor.isSynthetic()) {
                members.add("  " + modifiers(constructor.getModifiers()) + "<init>" + parameters(constructor));
            }
        }
        for (Method method : type.getDeclaredMethods()) {
            if (visible(method.getModifiers(), extensible) && !method.isSynthetic() && !method.isBridge()) {
                int modifiers = method.getModifiers() & ~(type.isInterface() ? Modifier.ABSTRACT : 0);
                String typeParameters = typeParameters(method.getTypeParameters());
                members.add("  " + (method.isDefault() ? "default " : "") + modifiers(modifiers)
                        + (typeParameters.isEmpty() ? "" : typeParameters + " ")
                        + method.getGenericReturnType().getTypeName() + " " + method.getName() + parameters(method));
            }
        }
        members.forEach(m -> out.append(m).append('\n'));
        return out.toString();
    }

    private static String kind(Class<?> type) {
        String modifiers = Modifier.isFinal(type.getModifiers()) && !type.isRecord() && !type.isEnum() ? "final " : "";
        if (type.isAnnotation()) {
            return "@interface";
        } else if (type.isInterface()) {
            return "interface";
        } else if (type.isRecord()) {
            return "record";
        } else if (type.isEnum()) {
            return "enum";
        }
        return modifiers + (Modifier.isAbstract(type.getModifiers()) ? "abstract class" : "class");
    }

    private static boolean visible(int modifiers, boolean extensible) {
        return Modifier.isPublic(modifiers) || (extensible && Modifier.isProtected(modifiers));
    }

    private static String modifiers(int modifiers) {
        String text = Modifier.toString(modifiers
                & (Modifier.PUBLIC | Modifier.PROTECTED | Modifier.STATIC | Modifier.FINAL | Modifier.ABSTRACT));
        return text.isEmpty() ? "" : text + " ";
    }

    private static String typeParameters(TypeVariable<?>[] variables) {
        if (variables.length == 0) {
            return "";
        }
        return Arrays.stream(variables)
                .map(v -> {
                    String bounds = Arrays.stream(v.getBounds())
                            .filter(b -> b != Object.class)
                            .map(Type::getTypeName)
                            .collect(Collectors.joining(" & "));
                    return bounds.isEmpty() ? v.getName() : v.getName() + " extends " + bounds;
                })
                .collect(Collectors.joining(", ", "<", ">"));
    }

    private static String parameters(Executable executable) {
        String parameters = Arrays.stream(executable.getGenericParameterTypes())
                .map(Type::getTypeName)
                .collect(Collectors.joining(", ", "(", ")"));
        Type[] thrown = executable.getGenericExceptionTypes();
        return thrown.length == 0
                ? parameters
                : parameters + " throws "
                        + Arrays.stream(thrown).map(Type::getTypeName).collect(Collectors.joining(", "));
    }
}
