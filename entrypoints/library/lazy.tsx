import { type ComponentChildren, type ComponentType, h } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/** A component whose module is loaded on its first render (or earlier, through `load`). */
export interface LazyComponent<P> {
  (props: P): ComponentChildren;
  /** Starts loading the module (once); resolves when it is loaded. */
  load(): Promise<unknown>;
}

/**
 * The library's code split on core Preact (preact/compat's `lazy` and `Suspense` would bring compat's
 * global hooks back): the component renders `busy` until its module has loaded, then itself; a
 * module that fails to load says so in the page.
 */
export function lazy<P extends object>(
  load: () => Promise<ComponentType<P>>,
  busy: () => ComponentChildren = () => <p aria-busy="true">Loading…</p>,
): LazyComponent<P> {
  let loaded: ComponentType<P> | undefined;
  let loading: Promise<ComponentType<P>> | undefined;
  const start = () => {
    loading ??= load().then((c) => {
      loaded = c;
      return c;
    });
    return loading;
  };
  function Lazy(props: P) {
    const [, setLoaded] = useState(false);
    const [error, setError] = useState<string>();
    if (!loaded) void start().catch(() => undefined);
    useEffect(() => {
      if (loaded) return;
      let live = true;
      start().then(
        () => live && setLoaded(true),
        (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
      );
      return () => {
        live = false;
      };
    }, []);
    if (loaded) return h(loaded, props);
    if (error)
      return (
        <p class="error" role="alert">
          This part of the page did not load: {error}
        </p>
      );
    return busy();
  }
  Lazy.load = start;
  return Lazy;
}
