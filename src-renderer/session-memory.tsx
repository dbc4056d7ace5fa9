/**
 * Small view state worth keeping while a vault stays open (where the items list was scrolled),
 * so opening an item and coming back does not lose the place. It lives in the unlocked subtree
 * and goes with it on lock.
 */
import { createContext, useContext, useState } from 'react';
import type { ReactNode } from 'react';
import type { ShareableStatus } from '../src-shared/types/shareable.ts';

export interface SessionMemory {
  itemsScrollOffset: number;
  itemsActiveIndex: number;
  /** The copy-status filter of the items list. */
  itemsFilter: ItemsFilter;
}

export type ItemsFilter = 'all' | ShareableStatus | 'none';

const MemoryContext = createContext<SessionMemory | null>(null);

export function SessionMemoryProvider({ children }: { children: ReactNode }) {
  // One mutable object for the life of the provider: screens write to it as they unmount.
  const [memory] = useState<SessionMemory>(() => ({ itemsScrollOffset: 0, itemsActiveIndex: 0, itemsFilter: 'all' }));
  return <MemoryContext.Provider value={memory}>{children}</MemoryContext.Provider>;
}

export function useSessionMemory(): SessionMemory {
  const memory = useContext(MemoryContext);
  if (!memory) throw new Error('useSessionMemory outside SessionMemoryProvider');
  return memory;
}
