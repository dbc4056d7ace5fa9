import { useCallback, useEffect, useState } from 'react';
import type { Channel, RequestOf, ResponseOf } from '../src-shared/contract.ts';
import type { Result } from '../src-shared/result.ts';
import { invoke } from './api.ts';

export type QueryState<T> = { status: 'loading' } | { status: 'done'; result: Result<T> };

/** Calls a channel when the screen shows (and again on reload); ignores answers that arrive after unmount. */
export function useQuery<C extends Channel>(channel: C, request: RequestOf<C>): [QueryState<ResponseOf<C>>, () => void] {
  const [state, setState] = useState<QueryState<ResponseOf<C>>>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);
  const requestKey = JSON.stringify(request);
  useEffect(() => {
    let live = true;
    void invoke(channel, JSON.parse(requestKey) as RequestOf<C>).then((result) => {
      if (live) setState({ status: 'done', result });
    });
    return () => {
      live = false;
    };
  }, [channel, requestKey, generation]);
  const reload = useCallback(() => {
    setState({ status: 'loading' });
    setGeneration((g) => g + 1);
  }, []);
  return [state, reload];
}
