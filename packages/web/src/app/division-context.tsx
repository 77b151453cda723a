import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { DivisionLevel, DivisionNode, DivisionTreeResponse } from '../api/types';
import { api } from './api-client';
import { sessionKeyPrefix, useCurrentUser } from './auth-context';
import { findDivision, pathTo } from './division-tree';
import { useApi } from './use-api';

export interface PickedDivision {
  code: string;
  name: string;
  level: DivisionLevel | undefined;
}

export interface DivisionContextValue {
  /** The user's scope as a tree (scope root down to county level); undefined while loading. */
  tree: DivisionNode | undefined;
  treeError: unknown;
  /** The division every list and chart follows. */
  current: PickedDivision;
  /** From the scope root down to `current`. */
  path: DivisionNode[];
  /** Picks a division; codes outside the user's scope are ignored. Returns whether it was taken. */
  pick: (code: string) => boolean;
  /** Whether `code` is a node of the user's scope tree (so it can be picked). */
  canPick: (code: string) => boolean;
}

const DivisionContext = createContext<DivisionContextValue | null>(null);

export function DivisionProvider({ children }: { children: ReactNode }) {
  const user = useCurrentUser();
  const storageKey = `${sessionKeyPrefix}division:${user.id}`;
  const [pickedCode, setPickedCode] = useState<string>(
    () => sessionStorage.getItem(storageKey) ?? user.divisionCode,
  );
  const { data, error } = useApi(
    (signal) => api.get<DivisionTreeResponse>('/api/divisions/tree', undefined, signal),
    [user.id],
  );
  const tree = data?.root;

  // A stored pick from an earlier scope (or a stale tab) falls back to the user's scope root.
  useEffect(() => {
    if (tree && !findDivision(tree, pickedCode)) setPickedCode(tree.code);
  }, [tree, pickedCode]);

  useEffect(() => {
    sessionStorage.setItem(storageKey, pickedCode);
  }, [storageKey, pickedCode]);

  const canPick = useCallback(
    (code: string) => (tree ? findDivision(tree, code) !== undefined : false),
    [tree],
  );
  const pick = useCallback(
    (code: string) => {
      if (!canPick(code)) return false;
      setPickedCode(code);
      return true;
    },
    [canPick],
  );

  const value = useMemo<DivisionContextValue>(() => {
    const path = tree ? pathTo(tree, pickedCode) : [];
    const node = path.at(-1);
    const current: PickedDivision = node
      ? { code: node.code, name: node.name, level: node.level }
      : {
          code: pickedCode,
          name: pickedCode === user.divisionCode ? user.divisionName : pickedCode,
          level: undefined,
        };
    return { tree, treeError: error, current, path, pick, canPick };
  }, [tree, error, pickedCode, user.divisionCode, user.divisionName, pick, canPick]);

  return <DivisionContext.Provider value={value}>{children}</DivisionContext.Provider>;
}

export function useDivision(): DivisionContextValue {
  const value = useContext(DivisionContext);
  if (!value) throw new Error('useDivision must be used inside <DivisionProvider>');
  return value;
}
