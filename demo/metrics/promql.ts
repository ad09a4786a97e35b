/**
 * The part of PromQL the demo's metrics server answers: instant vector
 * selectors (`up`, `node_load1{instance="um560:9100"}`, `{__name__=~"a|b",
 * fstype!~"tmpfs"}`) and `count|sum|max|min by (labels) (selector)`. Enough
 * for what LabTray and a person at the query API ask; anything else is a 422
 * naming what was not understood, as VictoriaMetrics answers a bad query.
 */

export interface Series {
  labels: Record<string, string>;
  value: number;
}

type Op = '=' | '!=' | '=~' | '!~';
interface Matcher {
  name: string;
  op: Op;
  value: string;
  re?: RegExp;
}

interface Selector {
  matchers: Matcher[];
}

interface Aggregation {
  fn: 'count' | 'sum' | 'max' | 'min';
  by: string[];
  inner: Selector;
}

export class QueryError extends Error {}

/** Parses one query of the supported subset; throws QueryError naming the position of what it could not read. */
export function parseQuery(text: string): Selector | Aggregation {
  const p = new Parser(text);
  const q = p.expression();
  p.end();
  return q;
}

/** The instant vector a query selects from `all` (every series the server holds now). */
export function evaluate(text: string, all: readonly Series[]): Series[] {
  const q = parseQuery(text);
  if ('fn' in q) return aggregate(q, select(q.inner, all));
  return select(q, all);
}

function select(sel: Selector, all: readonly Series[]): Series[] {
  return all.filter((s) => sel.matchers.every((m) => matches(m, s.labels[m.name] ?? '')));
}

function matches(m: Matcher, v: string): boolean {
  switch (m.op) {
    case '=':
      return v === m.value;
    case '!=':
      return v !== m.value;
    case '=~':
      return m.re!.test(v);
    case '!~':
      return !m.re!.test(v);
  }
}

function aggregate(a: Aggregation, input: Series[]): Series[] {
  const groups = new Map<string, Series>();
  for (const s of input) {
    const labels = Object.fromEntries(a.by.filter((l) => s.labels[l] !== undefined).map((l) => [l, s.labels[l]]));
    const key = JSON.stringify(labels);
    const g = groups.get(key);
    if (!g) {
      groups.set(key, { labels, value: a.fn === 'count' ? 1 : s.value });
      continue;
    }
    if (a.fn === 'count') g.value += 1;
    else if (a.fn === 'sum') g.value += s.value;
    else if (a.fn === 'max') g.value = Math.max(g.value, s.value);
    else g.value = Math.min(g.value, s.value);
  }
  return [...groups.values()];
}

class Parser {
  private i = 0;

  constructor(private readonly s: string) {}

  expression(): Selector | Aggregation {
    this.space();
    const save = this.i;
    const word = this.ident();
    this.space();
    if ((word === 'count' || word === 'sum' || word === 'max' || word === 'min') && (this.peek('by') || this.peek('('))) {
      let by: string[] = [];
      if (this.peek('by')) {
        this.i += 2;
        by = this.labelList();
      }
      this.expect('(');
      const inner = this.selector();
      this.expect(')');
      this.space();
      if (this.peek('by')) {
        this.i += 2;
        by = this.labelList();
      }
      return { fn: word, by, inner };
    }
    this.i = save;
    return this.selector();
  }

  end(): void {
    this.space();
    if (this.i < this.s.length) this.fail('unexpected text');
  }

  private selector(): Selector {
    this.space();
    const matchers: Matcher[] = [];
    const name = this.ident();
    if (name) matchers.push({ name: '__name__', op: '=', value: name });
    this.space();
    if (this.peek('{')) {
      this.i++;
      for (;;) {
        this.space();
        if (this.peek('}')) break;
        const label = this.ident();
        if (!label) this.fail('expected a label name');
        this.space();
        const op = (['=~', '!~', '!=', '='] as const).find((o) => this.peek(o));
        if (!op) this.fail('expected =, !=, =~ or !~');
        this.i += op.length;
        this.space();
        const value = this.string();
        matchers.push({ name: label, op, value, ...(op === '=~' || op === '!~' ? { re: anchored(value, this) } : {}) });
        this.space();
        if (this.peek(',')) this.i++;
        else if (!this.peek('}')) this.fail('expected , or }');
      }
      this.i++;
    }
    if (!matchers.length) this.fail('expected a metric name or {…}');
    if (matchers.every((m) => (m.op === '=' || m.op === '=~' ? m.re?.test('') ?? m.value === '' : true))) this.fail('a selector must match something more than every series');
    return { matchers };
  }

  private labelList(): string[] {
    this.space();
    this.expect('(');
    const out: string[] = [];
    for (;;) {
      this.space();
      if (this.peek(')')) break;
      const l = this.ident();
      if (!l) this.fail('expected a label name');
      out.push(l);
      this.space();
      if (this.peek(',')) this.i++;
    }
    this.i++;
    this.space();
    return out;
  }

  private string(): string {
    const q = this.s[this.i];
    if (q !== '"' && q !== "'") this.fail('expected a quoted string');
    let out = '';
    for (this.i++; this.i < this.s.length; this.i++) {
      const c = this.s[this.i];
      if (c === '\\') {
        out += this.s[++this.i] ?? '';
        continue;
      }
      if (c === q) {
        this.i++;
        return out;
      }
      out += c;
    }
    return this.fail('unterminated string');
  }

  private ident(): string {
    const m = /^[A-Za-z_:][A-Za-z0-9_:]*/.exec(this.s.slice(this.i));
    if (!m) return '';
    this.i += m[0].length;
    return m[0];
  }

  private space(): void {
    while (/\s/.test(this.s[this.i] ?? '')) this.i++;
  }

  private peek(t: string): boolean {
    return this.s.startsWith(t, this.i);
  }

  private expect(t: string): void {
    this.space();
    if (!this.peek(t)) this.fail(`expected "${t}"`);
    this.i += t.length;
  }

  fail(why: string): never {
    throw new QueryError(`cannot parse "${this.s}": ${why} at position ${this.i}`);
  }
}

function anchored(re: string, p: Parser): RegExp {
  try {
    return new RegExp(`^(?:${re})$`);
  } catch (err) {
    return p.fail(`bad regular expression ${JSON.stringify(re)}: ${(err as Error).message}`);
  }
}
