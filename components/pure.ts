import { Component, type ComponentType, type FunctionComponent, h } from 'preact';

/**
 * `render`, drawn again only when one of its props changed (compared one by one, as React's
 * `memo` does). Written on Preact's core: `preact/compat`'s `memo` would install compat's global
 * hooks, which then run for every element of the page (the coverage grid has thousands).
 */
export function pure<P extends object>(render: FunctionComponent<P>): ComponentType<P> {
  return class Pure extends Component<P> {
    static displayName = `pure(${render.displayName ?? render.name})`;
    shouldComponentUpdate(next: P): boolean {
      return differs(this.props, next);
    }
    render(props: P) {
      return h(render, props);
    }
  };
}

function differs(a: object, b: object): boolean {
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  for (const k in x) if (!(k in y)) return true;
  for (const k in y) if (x[k] !== y[k]) return true;
  return false;
}
