package dev.loopline.testsupport;

import com.sun.source.doctree.DocCommentTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ModifiersTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.DocTrees;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.lang.model.element.Modifier;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Every public element of a package has a doc comment: types, methods, constructors, fields and enum constants
 * that a user can see, read from the sources with javac's parser. What doclint's "missing" group checks, without
 * its demand for an {@code @param} and {@code @return} on every one-line doc. An {@code @Override} inherits its
 * comment.
 */
public final class ApiDocs {

    private ApiDocs() {
    }

    /** Each visible element of {@code packageName} under {@code sourceRoot} without a comment, as "File:line name". */
    public static List<String> undocumented(Path sourceRoot, String packageName) throws IOException {
        Path directory = sourceRoot.resolve(packageName.replace('.', '/'));
        List<Path> sources;
        try (Stream<Path> files = Files.list(directory)) {
            sources = files.filter(file -> file.toString().endsWith(".java")).sorted().collect(Collectors.toList());
        }
        if (sources.isEmpty()) {
            throw new IOException("no sources in " + directory.toAbsolutePath());
        }
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        try (StandardJavaFileManager files = compiler.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
            JavacTask task = (JavacTask) compiler.getTask(null, files, null, List.of("-proc:none"), null,
                    files.getJavaFileObjectsFromPaths(sources));
            DocTrees docs = DocTrees.instance(task);
            List<String> missing = new ArrayList<>();
            for (CompilationUnitTree unit : task.parse()) {
                new Scanner(docs, unit, missing).scan(unit, null);
            }
            return missing;
        }
    }

    /** Walks the visible declarations only: nothing inside a method, a private class or a package-private one. */
    private static final class Scanner extends TreePathScanner<Void, Void> {
        private final DocTrees docs;
        private final CompilationUnitTree unit;
        private final List<String> missing;

        Scanner(DocTrees docs, CompilationUnitTree unit, List<String> missing) {
            this.docs = docs;
            this.unit = unit;
            this.missing = missing;
        }

        @Override
        public Void visitClass(ClassTree type, Void unused) {
            if (!isVisible(type.getModifiers())) {
                return null;
            }
            require(type.getSimpleName().toString());
            return super.visitClass(type, unused);
        }

        @Override
        public Void visitMethod(MethodTree method, Void unused) {
            boolean inherited = method.getModifiers().getAnnotations().stream()
                    .anyMatch(annotation -> annotation.getAnnotationType().toString().endsWith("Override"));
            if (isVisible(method.getModifiers()) && !inherited) {
                require(enclosingName() + "." + method.getName() + "()");
            }
            return null; // a method's body declares nothing public
        }

        @Override
        public Void visitVariable(VariableTree field, Void unused) {
            if (isVisible(field.getModifiers())) {
                require(enclosingName() + "." + field.getName());
            }
            return null;
        }

        /** Public or protected (javac's parser gives enum constants those flags), or in an interface. */
        private boolean isVisible(ModifiersTree modifiers) {
            if (modifiers.getFlags().contains(Modifier.PRIVATE)) {
                return false;
            }
            if (modifiers.getFlags().contains(Modifier.PUBLIC) || modifiers.getFlags().contains(Modifier.PROTECTED)) {
                return true;
            }
            Tree.Kind enclosing = getCurrentPath().getParentPath().getLeaf().getKind();
            return enclosing == Tree.Kind.INTERFACE || enclosing == Tree.Kind.ANNOTATION_TYPE;
        }

        private String enclosingName() {
            Tree enclosing = getCurrentPath().getParentPath().getLeaf();
            return enclosing instanceof ClassTree ? ((ClassTree) enclosing).getSimpleName().toString() : "?";
        }

        private void require(String name) {
            TreePath path = getCurrentPath();
            DocCommentTree comment = docs.getDocCommentTree(path);
            if (comment == null || comment.getFirstSentence().isEmpty()) {
                long position = docs.getSourcePositions().getStartPosition(unit, path.getLeaf());
                missing.add(Path.of(unit.getSourceFile().toUri()).getFileName() + ":"
                        + unit.getLineMap().getLineNumber(position) + " " + name);
            }
        }
    }
}
