/** A field path as people write it: `signers[2].email`. */
export function pathText(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('');
}

/**
 * The first key that appears twice in one object of a valid JSON text, with where it is (JSON.parse
 * keeps only the last: a record must mean one thing to every reader).
 */
export function firstDuplicateKey(text: string): { key: string; path: string } | undefined {
  type Frame = { keys: Set<string>; expectKey: boolean; key: string } | { index: number };
  const stack: Frame[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const top = stack[stack.length - 1];
    if (c === '{') stack.push({ keys: new Set(), expectKey: true, key: '' });
    else if (c === '[') stack.push({ index: 0 });
    else if (c === '}' || c === ']') stack.pop();
    else if (c === ',') {
      if (top && 'keys' in top) top.expectKey = true;
      else if (top) top.index++;
    } else if (c === ':' && top && 'keys' in top) top.expectKey = false;
    else if (c === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      if (top && 'keys' in top && top.expectKey) {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        if (top.keys.has(key)) {
          const outer = stack.slice(0, -1).map((f) => ('keys' in f ? f.key : f.index));
          return { key, path: pathText([...outer, key]) };
        }
        top.keys.add(key);
        top.key = key;
      }
      i = end;
    }
  }
  return undefined;
}
