import { useCallback, useState } from 'react';
import type { ApiError, ApiResult } from './hubspot-fetcher';

/**
 * State for one user action (save, log, register): whether it is running and its last error.
 * `run` resolves to the data, or null when the request failed (the error is then in `error`).
 */
export function useAction() {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const run = useCallback(async <T,>(call: () => Promise<ApiResult<T>>): Promise<T | null> => {
    setPending(true);
    setError(null);
    const result = await call();
    setPending(false);
    if (result.ok) return result.data;
    setError(result.error);
    return null;
  }, []);
  return { pending, error, run };
}
