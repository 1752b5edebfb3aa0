import { useEffect, useState } from 'preact/hooks';
import type { Control } from '../lib/catalog/types';
import { listAllControls } from '../lib/db/catalog-repo';
import { getDb } from '../lib/db/database';

/** Built-in and imported controls, loaded once. */
export function useControls(): Control[] {
  const [controls, setControls] = useState<Control[]>([]);
  useEffect(() => {
    void listAllControls(getDb()).then(setControls);
  }, []);
  return controls;
}
