"""A small evaluator for the Terraform expressions infra/terraform uses, over hcl2json output.

It evaluates variables (with their defaults), locals, each.key / each.value, arithmetic,
comparisons, the conditional operator, list/object literals and the functions the module uses
(jsonencode, coalesce, templatefile, merge, ...). References to resources become canonical symbols
("queue:duplex-{task_name}-a2b.fifo") so that they can be compared with the SAM template.
Anything outside that subset raises HclError: the parity check then fails loudly instead of
comparing something it did not understand.
"""

import json
import re


class HclError(Exception):
    pass


# ------------------------------------------------------------------------------------------ lexer

TOKEN = re.compile(r"""
    (?P<ws>[ \t\r]+|\#[^\n]*|//[^\n]*)
  | (?P<nl>\n)
  | (?P<num>\d+(\.\d+)?)
  | (?P<op>==|!=|<=|>=|&&|\|\||[-+*/%<>!?:=,.\[\](){}])
  | (?P<ident>[A-Za-z_][A-Za-z0-9_-]*)
  | (?P<quote>")
""", re.VERBOSE)


def _read_string(text, i):
    """Reads a quoted string starting after its opening quote; returns (raw body, next index)."""
    out = []
    depth = 0
    while i < len(text):
        c = text[i]
        if depth == 0 and c == '"':
            return ''.join(out), i + 1
        if c == '\\' and i + 1 < len(text):
            out.append(text[i:i + 2])
            i += 2
            continue
        if text.startswith('${', i):
            depth += 1
            out.append('${')
            i += 2
            continue
        if depth > 0 and c == '{':
            depth += 1
        elif depth > 0 and c == '}':
            depth -= 1
        elif depth > 0 and c == '"':
            body, i = _read_string(text, i + 1)
            out.append('"' + body + '"')
            continue
        out.append(c)
        i += 1
    raise HclError('unterminated string in: ' + text)


def tokenize(text):
    tokens = []
    i = 0
    while i < len(text):
        m = TOKEN.match(text, i)
        if not m:
            raise HclError('cannot read %r in expression %r' % (text[i:i + 20], text))
        kind = m.lastgroup
        if kind == 'quote':
            body, i = _read_string(text, m.end())
            tokens.append(('str', body))
            continue
        if kind != 'ws':
            tokens.append((kind, m.group(kind)))
        i = m.end()
    tokens.append(('end', None))
    return tokens


def _unescape(s):
    return s.replace('\\"', '"').replace('\\n', '\n').replace('\\\\', '\\')


# ------------------------------------------------------------------------------------------ values

class Ref:
    """A reference under construction: root name and the path after it."""

    def __init__(self, root):
        self.path = [root]

    def __repr__(self):
        return 'Ref(%s)' % '.'.join(str(p) for p in self.path)


class Evaluator:
    """Evaluates expressions of one module; resolve_ref turns resource references into symbols."""

    def __init__(self, module, resolve_ref, overrides=None):
        self.module = module
        self.resolve_ref = resolve_ref
        self.variables = {}
        for name, blocks in module.get('variable', {}).items():
            block = blocks[0]
            if overrides and name in overrides:
                self.variables[name] = overrides[name]
            elif 'default' in block:
                self.variables[name] = block['default']
            else:
                self.variables[name] = '{%s}' % name
        self.locals = {}
        for block in module.get('locals', []):
            self.locals.update(block)
        self._local_cache = {}

    # ---------------------------------------------------------------- values and templates
    def value(self, v, each=None):
        if isinstance(v, str):
            return self.template(v, each)
        if isinstance(v, list):
            return [self.value(x, each) for x in v]
        if isinstance(v, dict):
            return {k: self.value(x, each) for k, x in v.items()}
        return v

    def template(self, s, each):
        parts = _split_template(s)
        if len(parts) == 1 and parts[0][0] == 'expr':
            return self.expr(parts[0][1], each)
        out = []
        for kind, text in parts:
            if kind == 'lit':
                out.append(text)
            else:
                v = self.expr(text, each)
                out.append(_as_text(v))
        return ''.join(out)

    def expr(self, text, each):
        p = _Parser(tokenize(text), self, each, text)
        v = p.parse_expr()
        p.skip_nl()
        if p.peek()[0] != 'end':
            raise HclError('unexpected %r in %r' % (p.peek()[1], text))
        return self.finish(v, each)

    def finish(self, v, each):
        if isinstance(v, Ref):
            return self.deref(v, each)
        return v

    # ---------------------------------------------------------------- references
    def deref(self, ref, each):
        root, rest = ref.path[0], ref.path[1:]
        if root == 'var':
            return _walk(self.variables[rest[0]], rest[1:], ref)
        if root == 'local':
            return _walk(self.local(rest[0]), rest[1:], ref)
        if root == 'each':
            if each is None:
                raise HclError('each.* outside for_each: %r' % ref)
            if rest[0] == 'key':
                return _walk(each[0], rest[1:], ref)
            return _walk(each[1], rest[1:], ref)
        if root == 'path':
            return '{%s}' % '.'.join(ref.path)
        if root == 'count' and rest == ['index']:
            return 0
        return self.resolve_ref(ref.path, self)

    def local(self, name):
        if name not in self._local_cache:
            if name not in self.locals:
                raise HclError('no local.%s' % name)
            self._local_cache[name] = self.value(self.locals[name])
        return self._local_cache[name]

    # ---------------------------------------------------------------- functions
    def call(self, name, args):
        if name == 'jsonencode':
            return {'jsonencode': args[0]}
        if name == 'coalesce':
            return next((a for a in args if a is not None and a != ''), None)
        if name == 'templatefile':
            return {'templatefile': args[0], 'vars': args[1]}
        if name in ('filebase64sha256', 'filesha256'):
            return '{hash}'
        if name == 'tostring':
            return _as_text(args[0])
        if name == 'tonumber':
            return float(args[0])
        if name == 'compact':
            return [x for x in args[0] if x is not None and x != '']
        if name == 'concat':
            return [x for a in args for x in a]
        if name == 'length':
            return len(args[0])
        if name == 'contains':
            return args[1] in args[0]
        if name == 'merge':
            out = {}
            for a in args:
                out.update(a or {})
            return out
        raise HclError('function %s() is not supported by the parity evaluator' % name)


def _walk(v, path, ref):
    for p in path:
        if isinstance(v, dict) and p in v:
            v = v[p]
        elif isinstance(v, list) and isinstance(p, int):
            v = v[p]
        else:
            raise HclError('cannot follow %r in %r' % (p, ref))
    return v


def _as_text(v):
    if isinstance(v, bool):
        return 'true' if v else 'false'
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, (dict, list)):
        return json.dumps(v, sort_keys=True)
    return '' if v is None else str(v)


def _split_template(s):
    """Splits "a${x}b" into [('lit','a'), ('expr','x'), ('lit','b')], with nested braces."""
    parts = []
    i = 0
    lit = []
    while i < len(s):
        if s.startswith('$${', i):
            lit.append('${')
            i += 3
            continue
        if s.startswith('${', i):
            depth = 1
            j = i + 2
            in_str = False
            while j < len(s) and depth:
                c = s[j]
                if c == '\\':
                    j += 2
                    continue
                if c == '"':
                    in_str = not in_str
                elif not in_str and c == '{':
                    depth += 1
                elif not in_str and c == '}':
                    depth -= 1
                elif in_str and s.startswith('${', j):
                    depth += 1
                    j += 1
                elif in_str and c == '}':
                    depth -= 1
                j += 1
            if depth:
                raise HclError('unbalanced ${ in %r' % s)
            if lit:
                parts.append(('lit', ''.join(lit)))
                lit = []
            parts.append(('expr', s[i + 2:j - 1]))
            i = j
            continue
        lit.append(s[i])
        i += 1
    if lit or not parts:
        parts.append(('lit', ''.join(lit)))
    return parts


# ------------------------------------------------------------------------------------------ parser

class _Parser:
    def __init__(self, tokens, ev, each, text):
        self.t = tokens
        self.i = 0
        self.ev = ev
        self.each = each
        self.text = text

    def peek(self):
        return self.t[self.i]

    def next(self):
        tok = self.t[self.i]
        self.i += 1
        return tok

    def skip_nl(self):
        while self.peek()[0] == 'nl':
            self.i += 1

    def accept(self, value):
        self.skip_nl()
        if self.peek()[1] == value and self.peek()[0] in ('op', 'ident'):
            self.i += 1
            return True
        return False

    def expect(self, value):
        if not self.accept(value):
            raise HclError('expected %r at %r in %r' % (value, self.peek()[1], self.text))

    def val(self, v):
        return self.ev.finish(v, self.each)

    def parse_expr(self):
        cond = self.parse_or()
        if self.accept('?'):
            a = self.parse_expr()
            self.expect(':')
            b = self.parse_expr()
            return a if self.val(cond) else b
        return cond

    def parse_or(self):
        v = self.parse_and()
        while self.accept('||'):
            v = bool(self.val(v)) or bool(self.val(self.parse_and()))
        return v

    def parse_and(self):
        v = self.parse_cmp()
        while self.accept('&&'):
            v = bool(self.val(v)) and bool(self.val(self.parse_cmp()))
        return v

    def parse_cmp(self):
        v = self.parse_add()
        for op in ('==', '!=', '<=', '>=', '<', '>'):
            if self.accept(op):
                a, b = self.val(v), self.val(self.parse_add())
                return {'==': a == b, '!=': a != b, '<=': a <= b, '>=': a >= b, '<': a < b, '>': a > b}[op]
        return v

    def parse_add(self):
        v = self.parse_mul()
        while True:
            if self.accept('+'):
                v = self.val(v) + self.val(self.parse_mul())
            elif self.accept('-'):
                v = self.val(v) - self.val(self.parse_mul())
            else:
                return v

    def parse_mul(self):
        v = self.parse_unary()
        while True:
            if self.accept('*'):
                v = self.val(v) * self.val(self.parse_unary())
            elif self.accept('/'):
                v = self.val(v) / self.val(self.parse_unary())
            else:
                return v

    def parse_unary(self):
        if self.accept('!'):
            return not self.val(self.parse_unary())
        if self.accept('-'):
            return -self.val(self.parse_unary())
        return self.parse_postfix()

    def parse_postfix(self):
        v = self.parse_primary()
        while True:
            if self.peek() == ('op', '.'):
                self.next()
                kind, name = self.next()
                if kind not in ('ident', 'num'):
                    raise HclError('bad attribute %r in %r' % (name, self.text))
                v = self._attr(v, int(name) if kind == 'num' else name)
            elif self.peek() == ('op', '['):
                self.next()
                key = self.val(self.parse_expr())
                self.expect(']')
                v = self._attr(v, key)
            else:
                return v

    def _attr(self, v, key):
        if isinstance(v, Ref):
            v.path.append(key)
            return v
        return _walk(v, [key], self.text)

    def parse_primary(self):
        self.skip_nl()
        kind, tok = self.next()
        if kind == 'num':
            return float(tok) if '.' in tok else int(tok)
        if kind == 'str':
            return self.ev.template(_unescape(tok), self.each)
        if kind == 'op' and tok == '(':
            v = self.parse_expr()
            self.expect(')')
            return v
        if kind == 'op' and tok == '[':
            return self._list()
        if kind == 'op' and tok == '{':
            return self._object()
        if kind == 'ident':
            if tok in ('true', 'false'):
                return tok == 'true'
            if tok == 'null':
                return None
            if self.peek() == ('op', '('):
                self.next()
                args = []
                while not self.accept(')'):
                    args.append(self.val(self.parse_expr()))
                    self.accept(',')
                return self.ev.call(tok, args)
            return Ref(tok)
        raise HclError('unexpected %r in %r' % (tok, self.text))

    def _list(self):
        items = []
        while not self.accept(']'):
            items.append(self.val(self.parse_expr()))
            self.accept(',')
        return items

    def _object(self):
        obj = {}
        while not self.accept('}'):
            self.skip_nl()
            kind, key = self.next()
            if kind not in ('ident', 'str'):
                raise HclError('bad object key %r in %r' % (key, self.text))
            if not (self.accept('=') or self.accept(':')):
                raise HclError('expected = after %r in %r' % (key, self.text))
            obj[key] = self.val(self.parse_expr())
            self.accept(',')
        return obj
