import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { ConsoleState, ConsoleStore } from '../state/store.js';
import type { ConsoleClient } from '../transport/consoleClient.js';

export const ConsoleContext = createContext<{ store: ConsoleStore; client: ConsoleClient } | null>(null);

export function useConsoleContext() {
  const value = useContext(ConsoleContext);
  if (!value) throw new Error('ConsoleContext is missing');
  return value;
}

/** Reads a slice of the console state; re-renders only when that slice changes. */
export function useConsoleState<T>(select: (state: ConsoleState) => T): T {
  return useStore(useConsoleContext().store, select);
}

export function useConsoleClient(): ConsoleClient {
  return useConsoleContext().client;
}
