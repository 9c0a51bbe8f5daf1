/** The Python frontend's model, field by field, on small literal sources. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { decodePythonSource, parsePython } from "../src/languages/python/index.js";
import type { Call, Expr, FileModel, FormatPart } from "../src/model/types.js";
import { ParseError } from "../src/model/types.js";

function parse(src: string): FileModel {
  return parsePython(src, "t.py", "library");
}

function call(m: FileModel, calleeText: string): Call {
  const c = m.calls.find((x) => x.calleeText === calleeText);
  assert.ok(c, `no call ${calleeText} in ${m.calls.map((x) => x.calleeText).join(", ")}`);
  return c;
}

function text(m: FileModel, r: readonly [number, number]): string {
  return m.text.slice(r[0], r[1]);
}

/** An Expr without ranges, for compact expectations. */
function shape(e: Expr): unknown {
  switch (e.type) {
    case "str":
      return { str: e.value };
    case "num":
      return { num: e.value };
    case "name":
      return { name: e.name };
    case "attr":
      return { attr: e.name, of: shape(e.object) };
    case "fstring":
      return { f: e.parts.map(partShape) };
    case "call":
      return "call";
    case "binop":
    case "compare":
      return { op: e.op, left: shape(e.left), right: shape(e.right) };
    case "unary":
      return { op: e.op, operand: shape(e.operand) };
    case "bool":
      return e.value;
    case "none":
      return null;
    case "list":
      return e.elements.map(shape);
    default:
      return e.type;
  }
}

function partShape(p: FormatPart): unknown {
  if (p.kind === "text") return p.value;
  return { expr: shape(p.expr), conversion: p.conversion, spec: p.spec };
}

function errorOf(src: string): ParseError {
  try {
    parse(src);
  } catch (e) {
    if (e instanceof ParseError) return e;
    throw e;
  }
  assert.fail(`accepted: ${JSON.stringify(src)}`);
}

describe("imports", () => {
  const table: [string, [string, string, string][]][] = [
    ["import pandas as pd", [["pd", "pandas", "pandas"]]],
    ["import os.path", [["os", "os", "os"]]],
    ["import os.path as osp", [["osp", "os.path", "os.path"]]],
    [
      "import a, b.c as d",
      [
        ["a", "a", "a"],
        ["d", "b.c", "b.c"],
      ],
    ],
    ["from torch import save as torch_save", [["torch_save", "torch.save", "torch"]]],
    ["from . import utils", [["utils", ".utils", "."]]],
    ["from ..data import load", [["load", "..data.load", "..data"]]],
    [
      "from ...pkg.sub import (a,\n  b as c,\n)",
      [
        ["a", "...pkg.sub.a", "...pkg.sub"],
        ["c", "...pkg.sub.b", "...pkg.sub"],
      ],
    ],
    ["from x import *", []],
    [
      "def f():\n    try:\n        import simplejson as json\n    except ImportError:\n        import json\n",
      [
        ["json", "simplejson", "simplejson"],
        ["json", "json", "json"],
      ],
    ],
  ];
  for (const [src, expected] of table) {
    test(JSON.stringify(src), () => {
      const m = parse(src);
      assert.deepEqual(
        m.imports.map((i) => [i.local, i.target, i.module]),
        expected,
      );
      for (const i of m.imports) assert.equal(m.statements[i.statement]!.kind, "import");
    });
  }
  test("binding range covers the alias", () => {
    const m = parse("from torch import save as torch_save, load\n");
    assert.deepEqual(
      m.imports.map((i) => text(m, i.range)),
      ["save as torch_save", "load"],
    );
  });
});

describe("callee resolution", () => {
  const table: [string, string, string | null][] = [
    ["import pandas as pd\ndf = pd.read_csv(p)", "pd.read_csv", "pandas.read_csv"],
    ["import os.path\nos.path.join(a, b)", "os.path.join", "os.path.join"],
    ["from torch import save as torch_save\ntorch_save(m, p)", "torch_save", "torch.save"],
    ["print('x')", "print", "builtins.print"],
    ["len(x)", "len", "builtins.len"],
    ["model.fit(x)", "model.fit", null],
    ["import logging\nlogger = logging.getLogger(__name__)\nlogger.info('x')", "logger.info", null],
    ["import logging\nlogging.info('x')", "logging.info", "logging.info"],
    // shadowing
    ["import logging\nprint = logging.info\nprint('x')", "print", null],
    ["def f(print):\n    print(x)", "print", null],
    ["def f():\n    for print in fs:\n        print(x)", "print", null],
    ["def f():\n    with open(p) as print:\n        print(x)", "print", null],
    ["try:\n    pass\nexcept E as print:\n    print(x)", "print", null],
    ["def print(x): pass\nprint(1)", "print", null],
    ["class print: pass\nprint(1)", "print", null],
    ["import numpy as np\ndef f(np):\n    np.array(x)", "np.array", null],
    ["import numpy as np\ndef f():\n    np.array(x)", "np.array", "numpy.array"],
    // A binding in another function does not shadow.
    ["def g():\n    print = 1\ndef f():\n    print(x)", "print", "builtins.print"],
    // The innermost binding wins.
    ["import numpy as np\ndef f():\n    import jax.numpy as np\n    np.array(x)", "np.array", "jax.numpy.array"],
    ["np = None\ndef f():\n    import numpy as np\n    np.array(x)", "np.array", "numpy.array"],
    // global / nonlocal follow the declaration.
    ["import numpy as np\ndef f():\n    global np\n    np = g()\n    np.array(x)", "np.array", "numpy.array"],
    // Class bodies are not visible from methods.
    [
      "import logging\nclass A:\n    logging = None\n    def f(self):\n        logging.info('x')",
      "logging.info",
      "logging.info",
    ],
    ["class A:\n    print = None\n    print('x')", "print", null],
    // Comprehension targets shadow inside the comprehension only.
    ["[print(x) for print in fs]\nprint(1)", "print", null],
    ["x = [y for y in z]\nprint(1)", "print", "builtins.print"],
    ["lambda print: print(x)", "print", null],
    ["(print := log)\nprint(1)", "print", null],
    // try/except ImportError fallback: the import wins.
    [
      "try:\n    import simplejson as json\nexcept ImportError:\n    json = None\njson.dumps(x)",
      "json.dumps",
      "simplejson.dumps",
    ],
    ["f()()", "f", null],
  ];
  for (const [src, calleeText, expected] of table) {
    test(JSON.stringify(src), () => {
      const m = parse(src);
      const cs = m.calls.filter((c) => c.calleeText === calleeText);
      assert.ok(cs.length > 0);
      assert.equal(cs[0]!.callee, expected);
    });
  }
  test("later import is used after it, earlier before", () => {
    const m = parse("from tqdm import tqdm\ntqdm(a)\nfrom tqdm.auto import tqdm\ntqdm(b)\n");
    assert.deepEqual(
      m.calls.map((c) => c.callee),
      ["tqdm.tqdm", "tqdm.auto.tqdm"],
    );
  });
});

describe("calls", () => {
  test("calleeText, method, receiverText", () => {
    const m = parse("self.log.info('x')\nf()()\nx[0].g()\n(a or b)()\n(a.b)(c)\n'{}'.format(x)\n");
    assert.deepEqual(
      m.calls.map((c) => [c.calleeText, c.method, c.receiverText, text(m, c.range), text(m, c.calleeRange)]),
      [
        ["self.log.info", "info", "self.log", "self.log.info('x')", "self.log.info"],
        // Calls are numbered in the order of their opening parenthesis.
        ["f", "f", null, "f()", "f"],
        [null, null, null, "f()()", "f()"],
        [null, "g", null, "x[0].g()", "x[0].g"],
        [null, null, null, "(a or b)()", "(a or b)"],
        ["a.b", "b", "a", "(a.b)(c)", "(a.b)"],
        [null, "format", null, "'{}'.format(x)", "'{}'.format"],
      ],
    );
  });
  test("calls everywhere: decorators, defaults, lambdas, comprehensions, f-strings, nested args", () => {
    const m = parse(
      [
        "@dec(a())",
        "def f(x=b(), *, y=lambda: c()):",
        "    return [d(i) for i in e() if g(i)]",
        "v = f'{h(1)!r:{k()}}'",
        "m(n(o()))",
        "",
      ].join("\n"),
    );
    assert.deepEqual(m.calls.map((c) => c.calleeText).sort(), [
      "a",
      "b",
      "c",
      "d",
      "dec",
      "e",
      "g",
      "h",
      "k",
      "m",
      "n",
      "o",
    ]);
  });
  test("args: positional, keyword, spread, kwspread with Expr summaries", () => {
    const m = parse("logger.info('a %s' 'b', x, *rest, exc_info=True, **kw)\n");
    const c = call(m, "logger.info");
    assert.deepEqual(
      c.args.map((a) => [a.kind, a.name, shape(a.value), text(m, a.range)]),
      [
        ["positional", null, { str: "a %sb" }, "'a %s' 'b'"],
        ["positional", null, { name: "x" }, "x"],
        ["spread", null, { name: "rest" }, "*rest"],
        ["keyword", "exc_info", true, "exc_info=True"],
        ["kwspread", null, { name: "kw" }, "**kw"],
      ],
    );
  });
  test("Expr summaries", () => {
    const m = parse(
      "f(1_000, 0x1F, 1.5e3, 2j, -1, a.b.c, g(), x + 1, x == 1, not x, None, False, [1, 'a'], {}, {'a': 1}, (1, 2), b'x', ...)\n",
    );
    const c = m.calls[0]!;
    assert.deepEqual(
      c.args.map((a) => shape(a.value)),
      [
        { num: 1000 },
        { num: 31 },
        { num: 1500 },
        "other",
        { op: "-", operand: { num: 1 } },
        { attr: "c", of: { attr: "b", of: { name: "a" } } },
        "call",
        { op: "+", left: { name: "x" }, right: { num: 1 } },
        { op: "==", left: { name: "x" }, right: { num: 1 } },
        { op: "not", operand: { name: "x" } },
        null,
        false,
        [{ num: 1 }, { str: "a" }],
        "dict",
        "dict",
        "other",
        "other",
        "other",
      ],
    );
  });
  test("string escapes and prefixes", () => {
    const m = parse(
      String.raw`f('a\tb\n', r'a\tb', u'\x41\u00e9\N{BULLET}', '\101', "it's", 'a\
b', R'\'', '''x
y''')` + "\n",
    );
    assert.deepEqual(
      m.calls[0]!.args.map((a) => shape(a.value)),
      [
        { str: "a\tb\n" },
        { str: "a\\tb" },
        { str: "Aé\\N{BULLET}" },
        { str: "A" },
        { str: "it's" },
        { str: "ab" },
        { str: "\\'" },
        { str: "x\ny" },
      ],
    );
  });
  test("CRLF inside triple-quoted strings becomes \\n", () => {
    const m = parse("f('''a\r\nb''')\r\n");
    assert.deepEqual(shape(m.calls[0]!.args[0]!.value), { str: "a\nb" });
  });
  test("scope, statement, handler", () => {
    const m = parse("def f():\n    try:\n        g()\n    except E:\n        h()\n    k()\n");
    assert.equal(call(m, "g").handler, null);
    assert.equal(call(m, "h").handler, 0);
    assert.equal(call(m, "k").handler, null);
    assert.equal(call(m, "h").scope, 1);
    assert.equal(m.statements[call(m, "h").statement]!.kind, "expr");
    assert.equal(text(m, m.statements[call(m, "k").statement]!.range), "k()");
  });
  test("callbackScopes: lambda arguments", () => {
    const m = parse("app.get('/', lambda req: handle(req), key=lambda x: x)\n");
    const c = call(m, "app.get");
    assert.deepEqual(c.callbackScopes, [1, 2]);
    assert.equal(m.scopes[1]!.kind, "lambda");
    assert.deepEqual(m.scopes[1]!.params, ["req"]);
    assert.equal(call(m, "handle").scope, 1);
  });
});

describe("assignedTo", () => {
  const table: [string, string, string[]][] = [
    ["df = pd.read_csv(p)", "pd.read_csv", ["df"]],
    ["X, y = load()", "load", ["X", "y"]],
    ["self.df = load()", "load", ["self.df"]],
    ["df: DataFrame = load()", "load", ["df"]],
    ["if (df := load()) is not None: pass", "load", ["df"]],
    ["a = b = load()", "load", ["a", "b"]],
    ["a, *rest = load()", "load", ["a", "rest"]],
    ["[a, (b, c)] = load()", "load", ["a", "b", "c"]],
    ["total += load()", "load", ["total"]],
    ["async def f():\n    df = await load()", "load", ["df"]],
    ["df = load().copy()", "load", []],
    ["df = wrap(load())", "load", []],
    ["x[0] = load()", "load", []],
  ];
  for (const [src, calleeText, expected] of table) {
    test(JSON.stringify(src), () => {
      assert.deepEqual(call(parse(src), calleeText).assignedTo, expected);
    });
  }
});

describe("f-strings", () => {
  const table: [string, unknown[]][] = [
    [
      'f"epoch {epoch}: loss={loss:.4f}"',
      [
        "epoch ",
        { expr: { name: "epoch" }, conversion: null, spec: null },
        ": loss=",
        { expr: { name: "loss" }, conversion: null, spec: ".4f" },
      ],
    ],
    [
      'f"{x!r} {y!s:>{width}}"',
      [
        { expr: { name: "x" }, conversion: "r", spec: null },
        " ",
        { expr: { name: "y" }, conversion: "s", spec: ">{width}" },
      ],
    ],
    ['f"{x=}"', ["x=", { expr: { name: "x" }, conversion: "r", spec: null }]],
    ['f"{x = :.2f}"', ["x = ", { expr: { name: "x" }, conversion: null, spec: ".2f" }]],
    ['f"{{literal}} {a}"', ["{literal} ", { expr: { name: "a" }, conversion: null, spec: null }]],
    ['"plain " f"{a}" " tail"', ["plain ", { expr: { name: "a" }, conversion: null, spec: null }, " tail"]],
    ["rf'\\d{n}'", ["\\d", { expr: { name: "n" }, conversion: null, spec: null }]],
    ['f"a\\tb{c}"', ["a\tb", { expr: { name: "c" }, conversion: null, spec: null }]],
    // 3.12: the same quote inside the replacement field, and nested f-strings.
    ['f"{d["key"]}"', [{ expr: "other", conversion: null, spec: null }]],
    [
      'f"{f"{x}"}"',
      [{ expr: { f: [{ expr: { name: "x" }, conversion: null, spec: null }] }, conversion: null, spec: null }],
    ],
    ['f"{"\\n".join(xs)}"', [{ expr: "call", conversion: null, spec: null }]],
    ["f'''{\n  x  # a comment\n}'''", [{ expr: { name: "x" }, conversion: null, spec: null }]],
    ['f"{a:{b}.{c}f}"', [{ expr: { name: "a" }, conversion: null, spec: "{b}.{c}f" }]],
    ['f"{x:{"<" if left else ">"}10}"', [{ expr: { name: "x" }, conversion: null, spec: '{"<" if left else ">"}10' }]],
    ['f"{a!=b}"', [{ expr: { op: "!=", left: { name: "a" }, right: { name: "b" } }, conversion: null, spec: null }]],
    ['f"{lambda_:>3}"', [{ expr: { name: "lambda_" }, conversion: null, spec: ">3" }]],
    [
      'F"{x}" RF"{y}"',
      [
        { expr: { name: "x" }, conversion: null, spec: null },
        { expr: { name: "y" }, conversion: null, spec: null },
      ],
    ],
  ];
  for (const [src, parts] of table) {
    test(src, () => {
      const m = parse(`log(${src})\n`);
      const v = m.calls.find((c) => c.calleeText === "log")!.args[0]!.value;
      assert.equal(v.type, "fstring");
      assert.deepEqual((shape(v) as { f: unknown[] }).f, parts);
    });
  }
  test("calls inside replacement fields are calls, with positions", () => {
    const m = parse('print(f"{g(x)} and {h(y)!r:{k()}}")\n');
    assert.deepEqual(
      m.calls.map((c) => [c.calleeText, text(m, c.range)]),
      [
        ["print", 'print(f"{g(x)} and {h(y)!r:{k()}}")'],
        ["g", "g(x)"],
        ["h", "h(y)"],
        ["k", "k()"],
      ],
    );
    const part = (m.calls[0]!.args[0]!.value as { parts: FormatPart[] }).parts[0]!;
    assert.equal(part.kind, "expr");
    if (part.kind === "expr") assert.equal(text(m, part.range), "{g(x)}");
  });
});

describe("soft keywords", () => {
  test("match as a name", () => {
    const m = parse("match = re.match(p, s)\nmatch(x)\nmatch.group(1)\nmatch[0]\nif match: pass\nmatch: int = 1\n");
    assert.deepEqual(
      m.statements.filter((s) => s.block === 0).map((s) => s.kind),
      ["assign", "expr", "expr", "expr", "if", "assign"],
    );
    assert.deepEqual(
      m.calls.map((c) => c.calleeText),
      ["re.match", "match", "match.group"],
    );
  });
  test("match statement", () => {
    const m = parse(
      'match cmd.split():\n    case ["go", direction] if ok(direction):\n        go(direction)\n    case Point(x=0) | None:\n        pass\n    case {"k": v, **rest}:\n        use(v)\n    case _:\n        fail()\n',
    );
    const st = m.statements[0]!;
    assert.equal(st.kind, "match");
    assert.equal(st.blocks.length, 4);
    assert.deepEqual(
      st.blocks.map((b) => m.blocks[b]!.kind),
      ["case", "case", "case", "case"],
    );
    assert.deepEqual(
      m.calls.map((c) => [c.calleeText, c.statement]),
      [
        ["cmd.split", 0],
        ["ok", 0],
        ["go", 1],
        ["use", 3],
        ["fail", 4],
      ],
    );
  });
  test("match with a parenthesized or tuple subject", () => {
    const m = parse("match (x):\n    case 1: pass\nmatch x, y:\n    case (1, 2): pass\nmatch -x:\n    case -1: pass\n");
    assert.deepEqual(
      m.statements.filter((s) => s.block === 0).map((s) => s.kind),
      ["match", "match", "match"],
    );
  });
  test("case and type as names; type aliases and generics (3.12)", () => {
    const m = parse(
      "case = 1\ntype = type(x)\ntype X = list[int]\ntype Y[T] = dict[str, T]\ndef f[T: int, *Ts, **P](x: T) -> T: return x\nclass C[T](Base[T]): pass\n",
    );
    assert.deepEqual(
      m.statements.filter((s) => s.block === 0).map((s) => [s.kind, s.targets]),
      [
        ["assign", ["case"]],
        ["assign", ["type"]],
        ["other", ["X"]],
        ["other", ["Y"]],
        ["function", ["f"]],
        ["class", ["C"]],
      ],
    );
    assert.equal(call(m, "type").callee, null); // `type` is rebound at module level
  });
});

describe("scopes", () => {
  test("defs, classes, lambdas with params, decorators, async, parents", () => {
    const m = parse(
      [
        "import functools",
        "from fastapi import FastAPI",
        "app = FastAPI()",
        "@functools.lru_cache(maxsize=None)",
        "@property",
        "def f(a, b=1, /, c=2, *args, d, e=3, **kw): pass",
        "class A(Base, metaclass=M):",
        "    @app.get('/x')",
        "    async def g(self): return lambda y, *z: y",
        "",
      ].join("\n"),
    );
    assert.deepEqual(
      m.scopes.map((s) => [s.id, s.kind, s.name, s.parent, s.params, s.isAsync]),
      [
        [0, "module", "", null, [], false],
        [1, "function", "f", 0, ["a", "b", "c", "args", "d", "e", "kw"], false],
        [2, "class", "A", 0, [], false],
        [3, "function", "g", 2, ["self"], true],
        [4, "lambda", "", 3, ["y", "z"], false],
      ],
    );
    assert.deepEqual(
      m.scopes[1]!.decorators.map((d) => [d.text, d.resolved, d.args.map((a) => a.name), text(m, d.range)]),
      [
        ["functools.lru_cache", "functools.lru_cache", ["maxsize"], "functools.lru_cache(maxsize=None)"],
        ["property", null, [], "property"],
      ],
    );
    assert.deepEqual(
      m.scopes[3]!.decorators.map((d) => [d.text, d.resolved, d.args.map((a) => shape(a.value))]),
      [["app.get", null, [{ str: "/x" }]]],
    );
    assert.equal(text(m, m.scopes[3]!.range), "async def g(self): return lambda y, *z: y");
    assert.equal(m.blocks[m.scopes[1]!.body]!.kind, "function");
    assert.equal(m.blocks[m.scopes[2]!.body]!.kind, "class");
    // Decorator calls run in the enclosing scope.
    assert.equal(call(m, "app.get").scope, 2);
    assert.equal(call(m, "functools.lru_cache").scope, 0);
  });
});

describe("statements and blocks", () => {
  test("every statement in order, with kinds and child blocks", () => {
    const src = [
      "import os; x = 1; print(x)",
      "if a:",
      "    pass",
      "elif b:",
      "    continue",
      "else:",
      "    break",
      "for i in range(3):",
      "    x += i",
      "else:",
      "    del x",
      "while x: x -= 1",
      "try:",
      "    raise E from e",
      "except* E:",
      "    pass",
      "else:",
      "    pass",
      "finally:",
      "    assert x, 'm'",
      "with open(p) as f, lock:",
      "    global g",
      "async def h():",
      "    async with a as b: pass",
      "    async for q in r: pass",
      "    return await q",
      "class K: pass",
      "x: int",
      "x",
      "",
    ].join("\n");
    const m = parse(src);
    assert.deepEqual(
      m.statements.map((s) => [s.kind, s.block, s.index]),
      [
        ["import", 0, 0],
        ["assign", 0, 1],
        ["expr", 0, 2],
        ["if", 0, 3],
        ["pass", 1, 0],
        ["if", 2, 0],
        ["continue", 3, 0],
        ["break", 4, 0],
        ["for", 0, 4],
        ["assign", 5, 0],
        ["delete", 6, 0],
        ["while", 0, 5],
        ["assign", 7, 0],
        ["try", 0, 6],
        ["raise", 8, 0],
        ["pass", 9, 0],
        ["pass", 10, 0],
        ["assert", 11, 0],
        ["with", 0, 7],
        ["global", 12, 0],
        ["function", 0, 8],
        ["with", 13, 0],
        ["pass", 14, 0],
        ["for", 13, 1],
        ["pass", 15, 0],
        ["return", 13, 2],
        ["class", 0, 9],
        ["pass", 16, 0],
        ["assign", 0, 10],
        ["expr", 0, 11],
      ],
    );
    assert.deepEqual(
      m.blocks.map((b) => [b.kind, b.owner]),
      [
        ["module", null],
        ["if", 3],
        ["else", 3],
        ["if", 5],
        ["else", 5],
        ["loop", 8],
        ["loop-else", 8],
        ["loop", 11],
        ["try", 13],
        ["except", 13],
        ["try-else", 13],
        ["finally", 13],
        ["with", 18],
        ["function", 20],
        ["with", 21],
        ["loop", 23],
        ["class", 26],
      ],
    );
    assert.deepEqual(m.statements[3]!.blocks, [1, 2]);
    assert.equal(text(m, m.statements[5]!.range), "elif b:\n    continue\nelse:\n    break");
    assert.equal(text(m, m.statements[3]!.range), "if a:\n    pass\nelif b:\n    continue\nelse:\n    break");
    assert.equal(text(m, m.blocks[1]!.range), "pass");
    assert.equal(m.scopes[1]!.body, 13);
    assert.equal(m.blocks[13]!.scope, 1);
  });
  test("expr, names and targets", () => {
    const m = parse(
      "if debug and not quiet: pass\nreturn_value = compute(a, b.c)\nself.x, y[i] = z\nfor k, v in d.items(): pass\nwith open(p) as f: pass\nreturn x + y\nx = [w for w in ws]\n",
    );
    const top = m.statements.filter((s) => s.block === 0);
    assert.deepEqual(
      top.map((s) => [s.kind, s.names, s.targets, s.expr === null ? null : shape(s.expr)]),
      [
        [
          "if",
          ["debug", "quiet"],
          [],
          { op: "and", left: { name: "debug" }, right: { op: "not", operand: { name: "quiet" } } },
        ],
        ["assign", ["compute", "a", "b"], ["return_value"], null],
        ["assign", ["self", "y", "i", "z"], ["self.x"], null],
        ["for", ["d"], ["k", "v"], null],
        ["with", ["open", "p"], ["f"], null],
        ["return", ["x", "y"], [], { op: "+", left: { name: "x" }, right: { name: "y" } }],
        ["assign", ["ws"], ["x"], null],
      ],
    );
  });
  test("statement ranges", () => {
    const m = parse("x = 1  # c\ny = (\n  2)\ndef f():\n    pass\n\n# trailing\n");
    assert.deepEqual(
      m.statements.map((s) => text(m, s.range)),
      ["x = 1", "y = (\n  2)", "def f():\n    pass", "pass"],
    );
  });
});

describe("loops", () => {
  test("depth, parent, targets, iter; def inside a loop resets", () => {
    const m = parse(
      [
        "for epoch in range(n):",
        "    for batch in loader:",
        "        log(batch)",
        "        def cb():",
        "            while True:",
        "                tick()",
        "    xs = [f(a) for a in batch for b in a if g(b)]",
        "",
      ].join("\n"),
    );
    assert.deepEqual(
      m.loops.map((l) => [l.kind, l.targets, l.depth, l.parent, l.scope, l.iter === null ? null : shape(l.iter)]),
      [
        ["for", ["epoch"], 1, null, 0, "call"],
        ["for", ["batch"], 2, 0, 0, { name: "loader" }],
        ["while", [], 1, null, 1, null],
        ["comprehension", ["a"], 2, 0, 0, { name: "batch" }],
        ["comprehension", ["b"], 3, 3, 0, { name: "a" }],
      ],
    );
    assert.deepEqual(call(m, "log").loops, [0, 1]);
    assert.deepEqual(call(m, "tick").loops, [2]);
    assert.deepEqual(call(m, "range").loops, []);
    assert.deepEqual(call(m, "f").loops, [0, 3, 4]);
    assert.deepEqual(call(m, "g").loops, [0, 3, 4]);
    assert.equal(m.loops[3]!.body, -1);
    assert.equal(m.blocks[m.loops[0]!.body]!.kind, "loop");
    assert.equal(text(m, m.loops[3]!.range), "[f(a) for a in batch for b in a if g(b)]");
  });
  test("first iterable of a comprehension runs outside it; nested comprehensions", () => {
    const m = parse("ys = {k: [h(v) for v in vs] for k, vs in items(d)}\n");
    assert.deepEqual(call(m, "items").loops, []);
    // Loops are numbered as their clauses are parsed: the inner one first here.
    assert.deepEqual(call(m, "h").loops, [1, 0]);
    assert.deepEqual(
      m.loops.map((l) => [l.targets, l.depth, l.parent]),
      [
        [["v"], 2, 1],
        [["k", "vs"], 1, null],
      ],
    );
  });
  test("generator argument", () => {
    const m = parse("total = sum(loss(x) for x in batch)\n");
    assert.deepEqual(call(m, "loss").loops, [0]);
    assert.deepEqual(call(m, "sum").loops, []);
  });
});

describe("handlers", () => {
  test("types as written, names, bodies", () => {
    const m = parse(
      "try:\n    f()\nexcept (KeyError, IndexError) as e:\n    g()\nexcept requests.RequestException:\n    pass\nexcept:\n    h()\ntry:\n    pass\nexcept* ValueError as eg:\n    pass\n",
    );
    assert.deepEqual(
      m.handlers.map((h) => [h.types, h.name, m.blocks[h.body]!.kind, h.statement, text(m, h.range).split("\n")[0]]),
      [
        [["KeyError", "IndexError"], "e", "except", 0, "except (KeyError, IndexError) as e:"],
        [["requests.RequestException"], null, "except", 0, "except requests.RequestException:"],
        [[], null, "except", 0, "except:"],
        [["ValueError"], "eg", "except", 5, "except* ValueError as eg:"],
      ],
    );
    assert.equal(call(m, "g").handler, 0);
    assert.equal(call(m, "h").handler, 2);
    assert.equal(call(m, "f").handler, null);
  });
});

describe("mainBlock", () => {
  const table: [string, boolean][] = [
    ['if __name__ == "__main__":\n    main()\n', true],
    ["if __name__ == '__main__':\n    main()\n", true],
    ["if '__main__' == __name__:\n    main()\n", true],
    ["if __name__ != '__main__':\n    main()\n", false],
    ["def f():\n    if __name__ == '__main__':\n        main()\n", false],
  ];
  for (const [src, found] of table) {
    test(JSON.stringify(src), () => {
      const m = parse(src);
      if (!found) assert.equal(m.mainBlock, null);
      else {
        assert.notEqual(m.mainBlock, null);
        const b = m.blocks[m.mainBlock!]!;
        assert.equal(b.kind, "if");
        assert.equal(m.statements[b.statements[0]!]!.kind, "expr");
        assert.equal(call(m, "main").statement, b.statements[0]);
      }
    });
  }
});

describe("comments and positions", () => {
  test("comments with value and line", () => {
    const m = parse("# head\nx = 1  # tail\ns = '# not a comment'\n  # indented\n");
    assert.deepEqual(
      m.comments.map((c) => [c.value, c.line, text(m, c.range)]),
      [
        [" head", 1, "# head"],
        [" tail", 2, "# tail"],
        [" indented", 4, "# indented"],
      ],
    );
  });
  test("lineStarts, BOM, CRLF, no trailing newline, form feed, tabs", () => {
    const m = parse("\ufeffimport os\r\nif x:\r\n\tf()\r\n\x0cg()");
    assert.deepEqual(m.lineStarts, [0, 12, 19, 25]);
    assert.deepEqual(
      m.calls.map((c) => [c.calleeText, c.range[0]]),
      [
        ["f", 20],
        ["g", 26],
      ],
    );
    assert.equal(m.language, "python");
    assert.equal(m.moduleSystem, null);
    assert.equal(m.role, "library");
    assert.equal(m.path, "t.py");
  });
  test("offsets are UTF-16 indices", () => {
    const m = parse("x = '😀é'; f(x)\n");
    assert.equal(text(m, m.calls[0]!.range), "f(x)");
    assert.equal(m.calls[0]!.range[0], 11);
  });
  test("unicode identifiers are NFKC-normalised", () => {
    const m = parse("ﬁle = open(p)\nétape(ﬁle)\n");
    assert.deepEqual(m.statements[0]!.targets, ["file"]);
    assert.equal(m.calls[1]!.calleeText, "étape");
  });
  test("log sites are built", () => {
    const m = parse("import logging\nlogger = logging.getLogger(__name__)\nprint('x')\nlogger.info('y')\n");
    assert.ok(m.logSites.length >= 2);
  });
});

describe("syntax coverage", () => {
  const ok = [
    "async def f():\n    async with a as b, c:\n        await b\n    async for x in y:\n        yield x\n    return [z async for z in w]\n",
    "def f(a, /, b, *, c): pass\n",
    "def f(*args: *Ts): pass\n",
    "with (open(a) as f, open(b) as g,):\n    pass\n",
    "x = y if z else w\n",
    "a[1:2, ::3, ...] = b[c:d][e]\n",
    "x = 0xFF + 0o17 + 0b1010 + 1_000_000 + 1e-3 + 3.14j + 1E5 + .5 + 5.\n",
    "def g():\n    x = yield\n    y = yield from z\n    nonlocal q\n",
    "s = rb'\\d' + Br'x' + BR'y' + u'z' + R'w'\n",
    "x = [\n    1,\n    2,\n]\n",
    "x = 1 + \\\n    2\n",
    "if x:\n\tpass\nelse:\n        pass\n",
    "class A:\n    def f(self):\n        pass\n\n\n    def g(self): pass\n",
    "print(*args, sep='', **kw)\n",
    "x = lambda: (yield)\n",
    "def f(): return *a, *b\n",
    "for x in *a, *b: pass\n",
    "x = {**a, 'b': 1, **c}\n",
    "x = not not a\n",
    "x = a if b else lambda: c\n",
    "x = -a ** -b\n",
    "@ decorator . attr (arg)\ndef f(): pass\n",
    "try:\n    pass\nfinally:\n    pass\n",
    "x = 1;\n",
    "\n\n  \n# only comments\n",
    "",
    "if True:\n    pass\n# comment at dedent\nx = 1\n",
    "x = (  # comment in brackets\n  1)\n",
    "def f(\n    a,  # c\n    b,\n): ...\n",
    "assert isinstance(x, int), f'{x!r}'\n",
    "f'{x:=^10}'\n",
    "f'{a}' f'{b}' 'c' f'''{d}'''\n",
    "f'{x:{y}}' f'{x!r:}'\n",
    "x = f'{'a' if b else 'c'}'\n",
    "x = f'{f'{f'{1}'}'}'\n",
    "print(f\"{'\\n'.join(lines)}\")\n",
    "x = 1 if y else 2 if z else 3\n",
    "del a, b[0], c.d\n",
    "x = a @ b\nx @= c\n",
    "def f[T](x: T) -> T: ...\n",
    "type Point = tuple[float, float]\n",
    "class C[T = int]: pass\n",
    "def f():\n    return 1",
    "x = 1\r\ny = 2\r\n",
    "x = 1\ry = 2\r",
  ];
  for (const src of ok) {
    test(`accepts ${JSON.stringify(src)}`, () => {
      parse(src);
    });
  }
});

describe("syntax errors", () => {
  const table: [string, number, number, RegExp][] = [
    ["f(a, b))\n", 1, 7, /unmatched '\)'/],
    ["def f(:\n    pass\n", 1, 6, /unexpected token ':'/],
    ["x = (1,\ny = 2\n", 1, 4, /'\(' was never closed/],
    ["if x:\npass\n", 2, 0, /expected an indented block after 'if' statement on line 1/],
    ["if x:\n    a\n  b\n", 3, 2, /unindent does not match/],
    ["  x = 1\n", 1, 2, /unexpected indent/],
    ["print 'hello'\n", 1, 0, /Missing parentheses in call to 'print'/],
    ["x = 'abc\n", 1, 4, /unterminated string literal/],
    ["x = '''abc\n", 1, 4, /unterminated triple-quoted string literal/],
    ["f() = 1\n", 1, 0, /cannot assign to function call/],
    ["x = 0777\n", 1, 4, /leading zeros/],
    ["x = $\n", 1, 4, /invalid syntax/],
    ["x = a <> b\n", 1, 7, /unexpected token '>'/],
    ["f(**k, *a)\n", 1, 7, /iterable argument unpacking follows keyword argument unpacking/],
    ["f(x for x in y, 1)\n", 1, 2, /Generator expression must be parenthesized/],
    ["f'{}'\n", 1, 2, /f-string: empty expression not allowed/],
    ["f'{x!z}'\n", 1, 4, /invalid conversion character/],
    ["f'}'\n", 1, 2, /single '}' is not allowed/],
    ["try:\n    pass\nx = 1\n", 3, 0, /expected 'except' or 'finally' block/],
    ["def f(a=1, b): pass\n", 1, 11, /non-default argument follows default argument/],
    ["x = 1 +\n", 1, 7, /unexpected newline/],
    ["class A(:\n", 1, 8, /unexpected token ':'/],
    ["if x:\n\tpass\n        pass\n", 3, 8, /inconsistent use of tabs and spaces/],
    ["x = 'a' b'c'\n", 1, 8, /cannot mix bytes and nonbytes literals/],
    ["x = '\\x4'\n", 1, 5, /truncated \\xXX escape/],
    ["lambda: (yield\n", 1, 8, /'\(' was never closed/],
    ["x = 1 \u20ac\n", 1, 6, /invalid character '€' \(U\+20AC\)/],
    ['f"{x"\n', 1, 4, /f-string: expecting '}'/],
    // The first error in the file wins, even when the tokenizer's comes from later lines.
    ["x = = 1\ny = 'abc\n", 1, 4, /unexpected token '='/],
    ["x = 1\ny = 'abc\n", 2, 4, /unterminated string literal \(detected at line 2\)/],
    ["x = " + "(".repeat(201) + ")".repeat(201) + "\n", 1, 204, /too many nested parentheses/],
    ["x = " + "not ".repeat(50000) + "y\n", 1, 0, /too many nested expressions/],
  ];
  for (const [src, line, column, message] of table) {
    test(JSON.stringify(src), () => {
      const e = errorOf(src);
      assert.match(e.message, message);
      assert.deepEqual([e.line, e.column], [line, column], e.message);
      assert.ok(e.message.endsWith(` at ${line}:${column + 1}`), e.message);
      assert.ok(!e.message.includes("t.py"));
    });
  }
});

describe("decodePythonSource", () => {
  const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
  test("UTF-8 by default, BOM kept in the text", () => {
    assert.equal(decodePythonSource(enc("x = 'é'\n")), "x = 'é'\n");
    assert.equal(decodePythonSource(enc("\ufeffx = 1\n")), "\ufeffx = 1\n");
  });
  test("coding cookie on line 1 or 2", () => {
    assert.equal(
      decodePythonSource(Uint8Array.from([...enc("# -*- coding: latin-1 -*-\nx = '"), 0xe9, ...enc("'\n")])),
      "# -*- coding: latin-1 -*-\nx = 'é'\n",
    );
    assert.equal(
      decodePythonSource(
        Uint8Array.from([...enc("#!/usr/bin/env python\n# coding=cp1252\nx = '"), 0x80, ...enc("'\n")]),
      ),
      "#!/usr/bin/env python\n# coding=cp1252\nx = '€'\n",
    );
  });
  test("errors", () => {
    assert.throws(() => decodePythonSource(enc("# coding: uft-8\n")), /unknown encoding: uft-8/);
    assert.throws(() => decodePythonSource(enc("\ufeff# coding: latin-1\n")), /encoding problem: latin-1 with BOM/);
    assert.throws(() => decodePythonSource(Uint8Array.from([0x78, 0x3d, 0xf6, 0x0a])), ParseError);
  });
});
