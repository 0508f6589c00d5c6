#!/usr/bin/env python3
"""Fails on a module import circle in a Rust source tree (run by `make lint` on src/).

Each .rs file is a module (src/lib.rs the crate, src/core/mod.rs `crate::core`,
src/core/bank.rs `crate::core::bank`; a file under src/bin/ is a crate of its own, whose
`openfem::` paths name the library's modules). A file imports a module when its code names a
path into it: `use crate::…`, `use super::…`, `use self::…`, a `use` of a child module by its
bare name (`pub use answers::Answers` in a mod.rs), or the same paths written inline
(`crate::core::json::parse(…)`). `super` inside an inline `mod tests { … }` names the file's
own module. Declaring a child (`mod answers;`) is not an import.

Every group of files that import each other in a loop is printed with the imports that tie it
(file -> file: names), and the exit status is 1. `--self-test` checks this script on small
trees it writes itself (one with a circle, one without) and exits 1 if it gets either wrong.

Usage: import-cycles.py [SRC_DIR] | import-cycles.py --self-test
"""

import os
import re
import sys
import tempfile
from collections import defaultdict

LIB_CRATE = "openfem"


def strip_comments_and_strings(text):
    """The code with comments, string and character literals blanked (lines kept)."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text.startswith("/*", i):
            depth, i = 1, i + 2
            while i < n and depth:
                if text.startswith("/*", i):
                    depth, i = depth + 1, i + 2
                elif text.startswith("*/", i):
                    depth, i = depth - 1, i + 2
                else:
                    out.append("\n" if text[i] == "\n" else "")
                    i += 1
        elif re.match(r'(?<![A-Za-z0-9_])b?r#*"', text[i:i + 40]) and (
            i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")
        ):
            m = re.match(r'b?r(#*)"', text[i:])
            hashes = m.group(1)
            end = text.find('"' + hashes, i + len(m.group(0)))
            end = n if end < 0 else end + 1 + len(hashes)
            out.append('""' + "\n" * text.count("\n", i, end))
            i = end
        elif c == '"' or (c == "b" and text.startswith('b"', i)):
            i += 2 if c == "b" else 1
            start = i
            while i < n and text[i] != '"':
                i += 2 if text[i] == "\\" else 1
            out.append('""' + "\n" * text.count("\n", start, i))
            i += 1
        elif c == "'":
            m = re.match(r"'(?:\\(?:x[0-9a-fA-F]{2}|u\{[0-9a-fA-F]+\}|.)|[^\\'\n])'", text[i:])
            if m:
                out.append("' '")
                i += len(m.group(0))
            else:
                out.append(c)
                i += 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def expand_use_tree(tree):
    """`a::{b, c::{d as x, e}}` -> [('a::b', 'b'), ('a::c::d', 'x'), ('a::c::e', 'e')]: each
    path with the name it is known by here."""
    tree = re.sub(r"\s*(::|[{},])\s*", r"\1", re.sub(r"\s+", " ", tree.strip()))
    return [(path, alias or path.split("::")[-1]) for path, alias in _expand(tree)]


def _expand(tree):
    tree = tree.strip()
    brace = tree.find("{")
    if brace < 0:
        path, _, alias = tree.partition(" as ")
        return [(path.strip(), alias.strip() or None)]
    prefix, inner = tree[:brace], tree[brace + 1:tree.rindex("}")]
    parts, depth, start = [], 0, 0
    for k, ch in enumerate(inner):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(inner[start:k])
            start = k + 1
    parts.append(inner[start:])
    paths = []
    for part in filter(None, (p.strip() for p in parts)):
        for sub, alias in _expand(part):
            if sub == "self":
                paths.append((prefix.rstrip(":"), alias))
            else:
                paths.append((prefix + sub, alias))
    return paths


def module_of(path, root):
    """(crate, module path) of a file: ('lib', ['core', 'bank']) for src/core/bank.rs."""
    rel = os.path.relpath(path, root).replace(os.sep, "/")
    parts = rel[:-3].split("/")
    if parts[0] == "bin":
        return ("bin:" + "/".join(parts[1:]), [])
    if parts in (["lib"], ["main"]):
        return ("lib", [])
    if parts[-1] == "mod":
        parts = parts[:-1]
    return ("lib", parts)


PATH_RE = re.compile(r"(?<![A-Za-z0-9_:])((?:crate|super|self|%s)(?:::[A-Za-z_][A-Za-z0-9_]*|::\*)+)" % LIB_CRATE)
USE_RE = re.compile(r"\buse\s+([^;]+);")
TOKEN_RE = re.compile(r"\bmod\s+([A-Za-z_][A-Za-z0-9_]*)\s*\{|\{|\}")


def imports_of(path, root, modules):
    """{module: set(names)} that the file at `path` imports."""
    crate, own = module_of(path, root)
    with open(path, encoding="utf-8") as f:
        code = strip_comments_and_strings(f.read())
    # The inline module (`mod tests { … }`) each position is in.
    spans = []  # (start, end, inline module path)
    stack = []  # (is_module, name, start)
    for m in TOKEN_RE.finditer(code):
        if m.group(0) == "}":
            if stack:
                is_mod, name, start = stack.pop()
                if is_mod:
                    names = [s[1] for s in stack if s[0]] + [name]
                    spans.append((start, m.end(), names))
        else:
            stack.append((m.group(1) is not None, m.group(1), m.start()))

    def inline_at(pos):
        best = []
        for start, end, names in spans:
            if start <= pos < end and len(names) > len(best):
                best = names
        return best

    found = defaultdict(set)
    # Names this file brings in with `use` (at its top level): another file importing one of
    # them from this file imports it from where it is defined (a re-export, or a private `use`
    # of a parent that its child modules see).
    brought = {}

    def resolve(segments, here, bare_ok, alias=None):
        if crate.startswith("bin:") and segments[0] == LIB_CRATE:
            base, rest = [], segments[1:]
        elif segments[0] == "crate":
            if crate.startswith("bin:"):
                return
            base, rest = [], segments[1:]
        elif segments[0] in ("super", "self"):
            base, rest = list(here), list(segments)
            while rest and rest[0] in ("super", "self"):
                if rest.pop(0) == "super":
                    if not base:
                        return
                    base.pop()
        elif bare_ok and tuple(here + segments[:1]) in modules:
            base, rest = list(here), segments
        else:
            return
        target = list(base)
        for k in range(len(rest), -1, -1):
            if tuple(base + rest[:k]) in modules:
                target = base + rest[:k]
                name = "::".join(rest[k:]) or (rest[k - 1] if k else "self")
                break
        else:
            return
        if crate == "lib" and target == own:
            return
        found[tuple(target)].add(name)
        if alias and here == own:
            brought[alias] = (tuple(target), name)

    used = []
    for m in USE_RE.finditer(code):
        here = own + inline_at(m.start())
        for p, alias in expand_use_tree(m.group(1)):
            segments = [s for s in p.split("::") if s]
            resolve(segments, here, bare_ok=True, alias=alias)
        used.append((m.start(), m.end()))
    rest_code = list(code)
    for start, end in used:
        rest_code[start:end] = " " * (end - start)
    rest_code = "".join(rest_code)
    for m in PATH_RE.finditer(rest_code):
        resolve(m.group(1).split("::"), own + inline_at(m.start()), bare_ok=False)
    return found, brought


def scan(root):
    files = []
    for dirpath, _, names in os.walk(root):
        files += [os.path.join(dirpath, n) for n in names if n.endswith(".rs")]
    files.sort()
    modules = {}
    for path in files:
        crate, mod = module_of(path, root)
        if crate == "lib":
            modules[tuple(mod)] = path
    read = {path: imports_of(path, root, modules) for path in files}
    brought = {modules[m]: read[modules[m]][1] for m in modules}

    def origin(target, name, seen=()):
        """Where `name`, imported from module `target`, is defined."""
        path = modules[target]
        first = name.split("::")[0]
        if first in brought[path] and (path, first) not in seen:
            target2, name2 = brought[path][first]
            rest = name.split("::")[1:]
            return origin(target2, "::".join([name2] + rest), seen + ((path, first),))
        return target, name

    edges = defaultdict(dict)  # file -> {file: names}
    for path in files:
        for target, names in read[path][0].items():
            for name in names:
                where, what = origin(target, name)
                other = modules[where]
                if other != path:
                    edges[path].setdefault(other, set()).add(what)
    return files, edges


def circles(files, edges):
    """Strongly connected components of more than one file (Tarjan), each sorted."""
    index, low, on_stack, stack, out = {}, {}, set(), [], []
    counter = [0]

    def visit(v):
        work = [(v, iter(sorted(edges.get(v, {}))))]
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        while work:
            node, children = work[-1]
            for w in children:
                if w not in index:
                    index[w] = low[w] = counter[0]
                    counter[0] += 1
                    stack.append(w)
                    on_stack.add(w)
                    work.append((w, iter(sorted(edges.get(w, {})))))
                    break
                if w in on_stack:
                    low[node] = min(low[node], index[w])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    group = []
                    while True:
                        w = stack.pop()
                        on_stack.discard(w)
                        group.append(w)
                        if w == node:
                            break
                    if len(group) > 1:
                        out.append(sorted(group))

    for f in files:
        if f not in index:
            visit(f)
    return sorted(out)


def report(root):
    files, edges = scan(root)
    found = circles(files, edges)
    for k, group in enumerate(found, 1):
        print(f"import circle {k}: {len(group)} files: {', '.join(group)}")
        for a in group:
            for b in group:
                if b in edges.get(a, {}):
                    print(f"  {a} -> {b}: {', '.join(sorted(edges[a][b]))}")
    if not found:
        print(f"no module import circle in {root} ({len(files)} files)")
    return found


def self_test():
    trees = {
        "circle": {
            "lib.rs": "pub mod core;\npub mod ui;\n",
            "core/mod.rs": "pub mod a;\npub mod b;\npub mod c;\npub use a::Thing;\n",
            "core/a.rs": "use super::{b::{B1, B2}, c};\n/// crate::ui::x in a comment\n"
            "pub struct Thing;\n#[cfg(test)]\nmod tests {\n    use super::*;\n}\n",
            "core/b.rs": 'pub fn f() { let _ = "crate::core::c"; crate::core::c::g(); }\n',
            "core/c.rs": "use super::Thing as T;\npub fn g() {}\n",
            "ui/mod.rs": "pub mod x;\n",
            "ui/x.rs": "use crate::core::Thing;\n",
            "bin/tool.rs": "use openfem::core::a::Thing;\n",
        },
        "no circle": {
            "lib.rs": "pub mod core;\n",
            "core/mod.rs": "pub mod a;\npub mod b;\npub mod c;\npub use b::B;\npub use c::C;\n",
            "core/c.rs": "use super::B;\npub struct C;\n",
            "core/a.rs": "use super::b::B;\n#[cfg(test)]\nmod tests {\n    use super::*;\n"
            "    use crate::core::b;\n}\nfn f<'a>(x: &'a str) -> char { 'a' }\n",
            "core/b.rs": "pub struct B;\n#[cfg(test)]\nmod tests {\n    use super::super::b::B;\n}\n",
        },
    }
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, tree in trees.items():
            root = os.path.join(tmp, name.replace(" ", "-"))
            for rel, text in tree.items():
                os.makedirs(os.path.dirname(os.path.join(root, rel)), exist_ok=True)
                with open(os.path.join(root, rel), "w", encoding="utf-8") as f:
                    f.write(text)
            files, edges = scan(root)
            got = [[os.path.relpath(f, root) for f in g] for g in circles(files, edges)]
            want = [["core/a.rs", "core/b.rs", "core/c.rs"]] if name == "circle" else []
            if got != want:
                failures.append(f"{name}: found {got}, expected {want}")
            if name == "circle":
                a, b, c = (os.path.join(root, "core", f) for f in ("a.rs", "b.rs", "c.rs"))
                if edges[a].get(b) != {"B1", "B2"} or edges[b].get(c) != {"g"}:
                    failures.append(f"circle: imports misread: {dict(edges)}")
                if os.path.join(root, "ui", "x.rs") in edges[a]:
                    failures.append("circle: a path in a comment was read as an import")
    for f in failures:
        print("self-test FAILED:", f)
    if not failures:
        print("self-test passed: a circle is reported, a tree without one passes")
    return not failures


if __name__ == "__main__":
    if sys.argv[1:] == ["--self-test"]:
        sys.exit(0 if self_test() else 1)
    sys.exit(1 if report(sys.argv[1] if len(sys.argv) > 1 else "src") else 0)
