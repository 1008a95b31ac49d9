#!/usr/bin/env python3
"""Replaces inline fully-qualified type names in Java sources by imports.

Usage: scripts/dev/inline-names-to-imports.py FILE...   (then ./mvnw spotless:apply orders imports)

The same rule as InlineQualifiedNamesTest: a qualified name written in code (not in a string or a
comment) whose simple name is free in the file becomes an import plus the simple name. A simple
name that is taken (imported from elsewhere, declared in the file, a class of the same package, or
used inline under two qualified names) stays qualified: Java has no import aliases.
"""
import os
import re
import sys

ROOTS = ("java", "javax", "jdk", "dev", "software", "com", "org", "io", "picocli", "sun")
QUALIFIED = re.compile(r"(?<![\w.])((?:[a-z][a-z0-9_]*\.)+)([A-Z][A-Za-z0-9_]*)")


def code_mask(text):
    """The text with strings, chars and comments blanked (same length), so matches are code only."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i)); i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j])); i = j
        elif text.startswith('"""', i):
            j = text.find('"""', i + 3)
            j = n if j < 0 else j + 3
            out.append(re.sub(r"[^\n]", " ", text[i:j])); i = j
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            j = min(n, j + 1)
            out.append(" " * (j - i)); i = j
        else:
            out.append(c); i += 1
    return "".join(out)


def inline_names(text):
    """(start, end, package, simple) of each inline qualified type name in code."""
    masked = code_mask(text)
    found = []
    for line_start, line in line_spans(masked):
        if re.match(r"\s*(import|package)\s", line):
            continue
        for m in QUALIFIED.finditer(line):
            pkg = m.group(1)[:-1]
            if pkg.split(".")[0] in ROOTS and "." in pkg:
                found.append((line_start + m.start(), line_start + m.end(), pkg, m.group(2)))
    return found


def line_spans(text):
    pos = 0
    for line in text.split("\n"):
        yield pos, line
        pos += len(line) + 1


def taken_names(text, path, package):
    imported = {}
    for m in re.finditer(r"^import\s+(?!static)([\w.]+)\.(\w+)\s*;", text, re.M):
        imported[m.group(2)] = m.group(1)
    declared = set(re.findall(r"\b(?:class|interface|record|enum)\s+([A-Z]\w*)", code_mask(text)))
    same_package = {f[:-5] for f in os.listdir(os.path.dirname(path) or ".") if f.endswith(".java")}
    return imported, declared, same_package


def fix(path):
    text = open(path).read()
    m = re.search(r"^package\s+([\w.]+)\s*;", text, re.M)
    package = m.group(1) if m else ""
    imported, declared, same_package = taken_names(text, path, package)
    names = inline_names(text)
    by_simple = {}
    for _, _, pkg, simple in names:
        by_simple.setdefault(simple, set()).add(pkg)
    replace, new_imports = [], set()
    for start, end, pkg, simple in names:
        own = pkg == package or pkg == "java.lang"
        if len(by_simple[simple]) > 1 or simple in declared and not own:
            continue
        if simple in imported and imported[simple] != pkg:
            continue
        if simple in same_package and pkg != package:
            continue
        replace.append((start, end, simple))
        if not own and imported.get(simple) != pkg:
            new_imports.add(pkg + "." + simple)
    if not replace:
        return False
    for start, end, simple in sorted(replace, reverse=True):
        text = text[:start] + simple + text[end:]
    if new_imports:
        lines = "".join("import %s;\n" % i for i in sorted(new_imports))
        m = re.search(r"^import\s", text, re.M)
        if m:
            text = text[:m.start()] + lines + text[m.start():]
        else:
            m = re.search(r"^package\s+[\w.]+\s*;\n", text, re.M)
            text = text[:m.end()] + "\n" + lines + text[m.end():]
    open(path, "w").write(text)
    return True


if __name__ == "__main__":
    changed = [p for p in sys.argv[1:] if fix(p)]
    print("%d files changed" % len(changed))
