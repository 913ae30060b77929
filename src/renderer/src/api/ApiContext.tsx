// The contract client, handed down from the composition root (main.tsx) to every feature.
import { createContext, useContext, type ReactNode } from 'react';
import type { ReelayApi } from '../../../shared/api';

const ApiContext = createContext<ReelayApi | null>(null);

export function ApiProvider({ api, children }: { api: ReelayApi; children: ReactNode }): ReactNode {
  return <ApiContext.Provider value={api}>{children}</ApiContext.Provider>;
}

export function useApi(): ReelayApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi() outside <ApiProvider>');
  return api;
}
