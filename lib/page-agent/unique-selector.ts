/** A CSS selector that matches exactly `el` now: its id when unique, else a path of nth-of-type steps. */
export function uniqueSelector(el: Element, doc: Document = document): string {
  if (el.id && doc.querySelectorAll(`#${CSS.escape(el.id)}`).length === 1) return `#${CSS.escape(el.id)}`;
  const steps: string[] = [];
  let node: Element | null = el;
  while (node && node !== doc.documentElement) {
    const parent: Element | null = node.parentElement;
    if (node.id && doc.querySelectorAll(`#${CSS.escape(node.id)}`).length === 1) {
      steps.unshift(`#${CSS.escape(node.id)}`);
      break;
    }
    const tag = node.tagName.toLowerCase();
    const same = parent ? [...parent.children].filter((c) => c.tagName === node!.tagName) : [node];
    steps.unshift(same.length > 1 ? `${tag}:nth-of-type(${same.indexOf(node) + 1})` : tag);
    node = parent;
  }
  const selector = steps.join(' > ');
  return selector;
}
