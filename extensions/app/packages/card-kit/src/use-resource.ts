import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiError, ApiResult } from './hubspot-fetcher';

/**
 * What a card shows for a piece of remote data.
 * - `loading`: first load, nothing to show yet.
 * - `ready`: the latest answer.
 * - `error`: the first load failed; nothing to show.
 * - `stale`: we show the last good data while a reload is in flight, or after a reload failed (`error`).
 */
export type ResourceState<T> =
  | { status: 'loading' }
  | { status: 'ready'; data: T }
  | { status: 'error'; error: ApiError }
  | { status: 'stale'; data: T; error?: ApiError };

export interface Resource<T> {
  state: ResourceState<T>;
  /** Loads again; answers of earlier, slower requests are dropped. */
  reload: () => void;
  /** Replaces the data with an answer we already have (e.g. the state a PUT returned), dropping older in-flight loads. */
  replace: (data: T) => void;
}

/**
 * Loads `load()` when `key` changes and on `reload()`. A request counter drops responses that arrive
 * after a newer request was started, so a slow first answer never overwrites a fresh one.
 *
 * @example const deal = useResource(`deal:${dealId}`, () => api.getDealCoSell(dealId));
 */
export function useResource<T>(key: string, load: () => Promise<ApiResult<T>>): Resource<T> {
  const [state, setState] = useState<ResourceState<T>>({ status: 'loading' });
  const counter = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const run = useCallback(() => {
    counter.current += 1;
    const mine = counter.current;
    setState((previous) => (hasData(previous) ? { status: 'stale', data: previous.data } : { status: 'loading' }));
    loadRef
      .current()
      .then((result) => {
        if (mine !== counter.current) return;
        if (result.ok) {
          setState({ status: 'ready', data: result.data });
        } else {
          setState((previous) =>
            hasData(previous) ? { status: 'stale', data: previous.data, error: result.error } : { status: 'error', error: result.error },
          );
        }
      })
      .catch((cause: unknown) => {
        if (mine !== counter.current) return;
        const error: ApiError = { code: 'unexpected', message: cause instanceof Error ? cause.message : String(cause) };
        setState((previous) => (hasData(previous) ? { status: 'stale', data: previous.data, error } : { status: 'error', error }));
      });
  }, []);

  const replace = useCallback((data: T) => {
    counter.current += 1;
    setState({ status: 'ready', data });
  }, []);

  useEffect(() => {
    run();
    return () => {
      // A newer key (or unmount) makes any in-flight answer stale.
      counter.current += 1;
    };
  }, [key, run]);

  return { state, reload: run, replace };
}

function hasData<T>(state: ResourceState<T>): state is { status: 'ready'; data: T } | { status: 'stale'; data: T; error?: ApiError } {
  return state.status === 'ready' || state.status === 'stale';
}
