#!/usr/bin/env python3
"""CPython's `ast` as the oracle for logical's Python frontend.

Usage:
  python3 scripts/python-oracle.py [DIR]      walk DIR (default: this Python's
                                              stdlib, without site-packages)
  python3 scripts/python-oracle.py --snippets read a JSON list of sources on
                                              stdin, answer a JSON list

Directory mode prints one JSON object per line for every .py file, sorted by
path:
  {"path": relative path, "ok": true,
   "calls": [[line, col_offset (UTF-8 bytes), dotted callee or null,
              number of arguments (positional, *x, keyword, **x),
              first positional argument when it is a string: ["s", value]
              or an f-string: ["f", [["t", text] | ["e", conversion, has spec]]],
              else null], ...],
   "defs": number of def/async def/class, "lambdas": number of lambdas,
   "imports": [[local, target], ...], "handlers": number of except clauses,
   "stmts": ["kind@line", ...] for every statement in source order (kinds as
   logical's model names them; a decorated def/class starts at its first
   decorator), "loops": for/while loops plus comprehension `for` clauses}
or, when CPython rejects the file:
  {"path": ..., "ok": false, "decode": true when the bytes could not be
   decoded (encoding cookie, BOM, invalid UTF-8), "error": message, "line": n}

The first line is {"root": DIR}.
"""
import ast
import json
import os
import sys
import sysconfig
from multiprocessing import Pool


def dotted(node):
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        d = dotted(node.value)
        return None if d is None else d + "." + node.attr
    return None


CONVERSIONS = {-1: None, 115: "s", 114: "r", 97: "a"}


def string_arg(call):
    if not call.args or isinstance(call.args[0], ast.Starred):
        return None
    a = call.args[0]
    if isinstance(a, ast.Constant) and isinstance(a.value, str):
        return ["s", a.value]
    if isinstance(a, ast.JoinedStr):
        parts = []
        for v in a.values:
            if isinstance(v, ast.Constant):
                parts.append(["t", v.value])
            else:
                parts.append(["e", CONVERSIONS[v.conversion], v.format_spec is not None])
        return ["f", parts]
    return None


def imports_of(tree):
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                if a.asname:
                    out.append([a.asname, a.name])
                else:
                    head = a.name.split(".")[0]
                    out.append([head, head])
        elif isinstance(node, ast.ImportFrom):
            module = "." * node.level + (node.module or "")
            for a in node.names:
                if a.name == "*":
                    continue
                sep = "" if module.endswith(".") else "."
                out.append([a.asname or a.name, module + sep + a.name])
    return out


KINDS = {
    "Expr": "expr", "Assign": "assign", "AugAssign": "assign", "AnnAssign": "assign",
    "Return": "return", "Raise": "raise", "If": "if", "For": "for", "AsyncFor": "for",
    "While": "while", "Try": "try", "TryStar": "try", "With": "with", "AsyncWith": "with",
    "FunctionDef": "function", "AsyncFunctionDef": "function", "ClassDef": "class",
    "Import": "import", "ImportFrom": "import", "Pass": "pass", "Continue": "continue",
    "Break": "break", "Assert": "assert", "Delete": "delete", "Global": "global",
    "Nonlocal": "global", "Match": "match",
}


def statements(body, out):
    """Statements in source order (pre-order), as "kind@line"."""
    for st in body:
        line = st.lineno
        if getattr(st, "decorator_list", None):
            line = st.decorator_list[0].lineno
        out.append("%s@%d" % (KINDS.get(type(st).__name__, "other"), line))
        for field in ("body", "handlers", "orelse", "finalbody", "cases"):
            children = getattr(st, field, None)
            if not children:
                continue
            for child in children:
                if isinstance(child, (ast.ExceptHandler, ast.match_case)):
                    statements(child.body, out)
                else:
                    statements([child], out)
    return out


DECODE_MARKERS = ("encoding problem", "unknown encoding", "(unicode error) 'utf-8' codec", "codec can't decode")


def describe(source):
    try:
        tree = ast.parse(source)
    except SyntaxError as e:
        msg = str(e.msg)
        return {
            "ok": False,
            "decode": any(m in msg for m in DECODE_MARKERS),
            "error": msg,
            "line": e.lineno or 0,
        }
    except (ValueError, UnicodeDecodeError) as e:  # e.g. null bytes
        return {"ok": False, "decode": isinstance(e, UnicodeDecodeError), "error": str(e), "line": 0}
    calls = []
    defs = lambdas = handlers = loops = 0
    for node in ast.walk(tree):
        if isinstance(node, (ast.For, ast.AsyncFor, ast.While, ast.comprehension)):
            loops += 1
        if isinstance(node, ast.Call):
            calls.append(
                [node.lineno, node.col_offset, dotted(node.func), len(node.args) + len(node.keywords), string_arg(node)]
            )
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            defs += 1
        elif isinstance(node, ast.Lambda):
            lambdas += 1
        elif isinstance(node, ast.ExceptHandler):
            handlers += 1
    return {
        "ok": True,
        "calls": calls,
        "defs": defs,
        "lambdas": lambdas,
        "imports": imports_of(tree),
        "handlers": handlers,
        "stmts": statements(tree.body, []),
        "loops": loops,
    }


def describe_file(args):
    root, rel = args
    with open(os.path.join(root, rel), "rb") as f:
        source = f.read()
    result = describe(source)
    result["path"] = rel
    return json.dumps(result)


def python_files(root):
    stdlib = os.path.realpath(root) == os.path.realpath(sysconfig.get_paths()["stdlib"])
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        if stdlib:
            dirnames[:] = [d for d in dirnames if d not in ("site-packages", "dist-packages", "__pycache__")]
        for name in filenames:
            if name.endswith(".py"):
                found.append(os.path.relpath(os.path.join(dirpath, name), root))
    found.sort()
    return found


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--snippets":
        sources = json.load(sys.stdin)
        answers = []
        for src in sources:
            r = describe(src.encode("utf-8"))
            answers.append(r)
        json.dump(answers, sys.stdout)
        return
    root = sys.argv[1] if len(sys.argv) > 1 else sysconfig.get_paths()["stdlib"]
    files = python_files(root)
    out = sys.stdout
    out.write(json.dumps({"root": os.path.abspath(root)}) + "\n")
    with Pool(min(2, os.cpu_count() or 1)) as pool:
        for line in pool.imap(describe_file, [(root, f) for f in files], chunksize=8):
            out.write(line + "\n")


if __name__ == "__main__":
    main()
