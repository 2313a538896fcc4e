// Where a JSON text first goes wrong. V8's JSON.parse reports a position for
// most syntax errors but not all ("Unexpected token 'x', … is not valid JSON"
// has none), and a user needs a line to find the typo in a 50 MB file. This
// scanner only runs after JSON.parse has already failed. It is iterative so a
// deeply nested file cannot overflow the stack.

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

/** The offset of the first syntax error, or -1 when the text is valid JSON. */
export function jsonErrorOffset(text: string): number {
  const n = text.length;
  const stack: ('{' | '[')[] = [];
  let i = 0;
  let state: 'value' | 'firstValue' | 'key' | 'firstKey' | 'after' = 'value';

  const skipSpace = (): void => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
      i++;
    }
  };

  for (;;) {
    skipSpace();
    const ch = text[i];
    if (state === 'firstValue' && ch === ']') {
      stack.pop();
      i++;
      state = 'after';
      continue;
    }
    if (state === 'value' || state === 'firstValue') {
      if (ch === '{') {
        stack.push('{');
        i++;
        state = 'firstKey';
      } else if (ch === '[') {
        stack.push('[');
        i++;
        state = 'firstValue';
      } else if (ch === '"') {
        const end = stringEnd(text, i);
        if (end < 0) return -end - 1;
        i = end;
        state = 'after';
      } else if (text.startsWith('true', i) || text.startsWith('null', i)) {
        i += 4;
        state = 'after';
      } else if (text.startsWith('false', i)) {
        i += 5;
        state = 'after';
      } else {
        NUMBER.lastIndex = i;
        if (!NUMBER.test(text)) return i;
        i = NUMBER.lastIndex;
        state = 'after';
      }
      continue;
    }
    if (state === 'firstKey' && ch === '}') {
      stack.pop();
      i++;
      state = 'after';
      continue;
    }
    if (state === 'key' || state === 'firstKey') {
      if (ch !== '"') return i;
      const end = stringEnd(text, i);
      if (end < 0) return -end - 1;
      i = end;
      skipSpace();
      if (text[i] !== ':') return i;
      i++;
      state = 'value';
      continue;
    }
    // state === 'after': a value just ended.
    const top = stack[stack.length - 1];
    if (top === undefined) return i < n ? i : -1;
    if (ch === ',') {
      i++;
      state = top === '{' ? 'key' : 'value';
    } else if ((top === '{' && ch === '}') || (top === '[' && ch === ']')) {
      stack.pop();
      i++;
    } else {
      return i;
    }
  }
}

/** The offset just past a string starting at `start`, or -(error offset + 1). */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x22) return i + 1;
    if (c < 0x20) return -i - 1;
    if (c === 0x5c) {
      const e = text[i + 1];
      if (e === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return -i - 1;
        i += 6;
      } else if (e !== undefined && '"\\/bfnrt'.includes(e)) {
        i += 2;
      } else {
        return -i - 1;
      }
      continue;
    }
    i++;
  }
  return -text.length - 1;
}

/**
 * What JSON.parse says is wrong, without where (the caller says it as a line
 * and column) and without its quote of the text around it, which would put
 * the file's own content, cut anywhere, in the message.
 */
export function jsonProblem(message: string): string {
  return message.replace(/\s*(?:in JSON )?at position \d+.*$/s, '').replace(/, (?:\.\.\.)?".*"(?:\.\.\.)? is not valid JSON$/s, '');
}

/** 1-based line and column of an offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
