/**
 * Turns what a user typed into an FTS5 MATCH expression that cannot be a syntax error. Every term and phrase
 * is emitted as an FTS5 string ("…", inner quotes doubled), so column filters (`title:`), `NEAR(`, `^`, `+`,
 * parentheses and stray `*` in the input are plain text. What survives as syntax, web-search style:
 * - "exact phrase" (balanced quotes; an unbalanced quote is dropped), optionally followed by `*`;
 * - term* as a prefix query;
 * - OR between two operands (AND is implicit; an explicit AND is accepted);
 * - -term or NOT term excludes, when at least one positive operand is left to exclude from.
 * An operator with no operand on one side is dropped. Returns undefined when nothing searchable is left.
 */

type Token = { kind: 'operand'; fts: string; negated: boolean } | { kind: 'OR' | 'AND' | 'NOT' };

/** FTS5 evaluates every branch; a bound keeps a pasted paragraph from becoming a slow query. */
const MAX_OPERANDS = 32;

/** Text in which the unicode61 tokenizer finds no token makes an empty phrase, which matches nothing. */
const SEARCHABLE = /[\p{L}\p{N}]/u;

/** A balanced "phrase" (optional leading `-`, trailing `*`), or a run of non-space characters up to a space or quote. */
const TOKEN = /(-?)"([^"]*)"(\*?)|(\S+?)(?=\s|"|$)/gu;

export function toFtsQuery(input: string): string | undefined {
  const positive: string[] = [];
  const negative: string[] = [];
  let pendingOr = false;
  let negateNext = false;
  for (const token of tokenize(input)) {
    if (token.kind === 'OR') pendingOr = positive.length > 0;
    if (token.kind === 'NOT') negateNext = true;
    if (token.kind !== 'operand') continue;
    if (positive.length + negative.length >= MAX_OPERANDS) break;
    if (token.negated || negateNext) {
      negative.push(token.fts);
    } else {
      if (positive.length > 0) positive.push(pendingOr ? 'OR' : 'AND');
      positive.push(token.fts);
      pendingOr = false;
    }
    negateNext = false;
  }
  if (positive.length === 0) return undefined;
  const included = positive.join(' ');
  // FTS5's NOT is binary and binds tighter than OR: the parentheses keep "a OR b -c" meaning (a OR b) NOT c.
  return negative.length === 0 ? included : `(${included}) NOT ${negative.join(' NOT ')}`;
}

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  for (const [, minus, phrase, phraseStar, word] of input.matchAll(TOKEN)) {
    if (phrase !== undefined) {
      if (SEARCHABLE.test(phrase)) tokens.push({ kind: 'operand', fts: quote(phrase) + phraseStar, negated: minus === '-' });
    } else if (word === 'OR' || word === 'AND' || word === 'NOT') {
      tokens.push({ kind: word }); // upper case only, as in FTS5 and web search engines
    } else {
      const negated = word.startsWith('-');
      const prefix = word.endsWith('*');
      const term = word.replace(/^-+/, '').replace(/\*+$/, '').replace(/"/g, '');
      if (SEARCHABLE.test(term)) tokens.push({ kind: 'operand', fts: quote(term) + (prefix ? '*' : ''), negated });
    }
  }
  return tokens;
}

function quote(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}
