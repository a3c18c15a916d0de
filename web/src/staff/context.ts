/** What every console page needs: the signed-in official, the API with their token, names for codes. */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ConsoleConfig } from './config';
import type { Directory } from './directory';
import type { Official } from './session';
import type { StaffApi } from './staff-api';

export interface ConsoleContext {
  config: ConsoleConfig;
  official: Official;
  api: StaffApi;
  directory: Directory;
  /** the API said 401: the session is over */
  signedOut(): void;
}

export const Console = createContext<ConsoleContext | undefined>(undefined);

export function useConsole(): ConsoleContext {
  const value = useContext(Console);
  if (!value) throw new Error('useConsole outside the signed-in console');
  return value;
}
