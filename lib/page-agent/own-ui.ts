// ProofTrail's own elements in a page (the panel's host), known only to the extension's isolated
// world: the page agent, the panel's page script and the element renderer share that world, and a
// page script cannot reach it. An attribute would not do: a page can put any attribute on its own
// elements (e.g. on a secret, to have redaction skip it).

const KEY = '__prooftrailOwnUi';

function registry(): WeakSet<Element> {
  const world = globalThis as unknown as Record<string, WeakSet<Element> | undefined>;
  world[KEY] ??= new WeakSet();
  return world[KEY];
}

/** Marks an element ProofTrail itself put in the page. */
export function markOwnUi(el: Element): void {
  registry().add(el);
}

/** Whether an element is ProofTrail's own (not the page's). */
export function isOwnUi(el: Element): boolean {
  return registry().has(el);
}

/** Whether an element is ProofTrail's own or inside it. */
export function withinOwnUi(el: Element): boolean {
  for (let n: Element | null = el; n; n = n.parentElement) if (registry().has(n)) return true;
  return false;
}
