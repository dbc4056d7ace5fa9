/**
 * One background job of the main process (an export, a verification, an audit) as a screen sees
 * it: started by a call that answers with a job id, followed by `<kind>:progress` events and ended
 * by one `<kind>:done` event.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { EventPayload, JobProgress } from '../src-shared/contract.ts';
import type { AppError, Result } from '../src-shared/result.ts';
import { invoke, onEvent } from './api.ts';

export type JobKind = 'export' | 'verify' | 'audit';
type ValueOf<K extends JobKind> = Extract<EventPayload<`${K}:done`>, { ok: true }>['value'];

export type JobPhase = 'idle' | 'starting' | 'running' | 'cancelling' | 'done';

export interface JobState<T> {
  phase: JobPhase;
  jobId: string | null;
  progress: { done: number; total: number } | null;
  value: T | null;
  /** Why the job did not start or did not finish (CANCELLED after a cancel). */
  error: AppError | null;
}

export const jobBusy = (phase: JobPhase): boolean => phase === 'starting' || phase === 'running' || phase === 'cancelling';

/** How a job stands, for its progress panel: under way, finished, cancelled by the person, or failed. */
export function jobTone(job: JobState<unknown>): 'running' | 'done' | 'cancelled' | 'failed' {
  if (job.phase !== 'done') return 'running';
  if (job.error === null) return 'done';
  return job.error.code === 'CANCELLED' ? 'cancelled' : 'failed';
}

/** The state line's key under `prefix`: the phase while under way (starting, cancelling…), else how it ended. */
export const jobStateKey = (prefix: string, job: JobState<unknown>): string => `${prefix}.state.${jobTone(job) === 'running' ? job.phase : jobTone(job)}`;

export const IDLE: JobState<never> = { phase: 'idle', jobId: null, progress: null, value: null, error: null };

type Arrival<K extends JobKind> = { type: 'progress'; payload: JobProgress } | { type: 'done'; payload: EventPayload<`${K}:done`> };

/** The contract has no cancel for an audit: it only reads, and is quick next to an export. */
const CANCEL: Record<JobKind, 'export:cancel' | 'verify:cancel' | null> = { export: 'export:cancel', verify: 'verify:cancel', audit: null };

export interface JobApi<T> {
  job: JobState<T>;
  start(call: () => Promise<Result<{ jobId: string }>>): Promise<void>;
  /** Asks the main process to stop; the job then ends with CANCELLED. Does nothing for an audit. */
  cancel(): Promise<void>;
  reset(): void;
}

export function useJob<K extends JobKind>(kind: K): JobApi<ValueOf<K>> {
  const [job, setJob] = useState<JobState<ValueOf<K>>>(IDLE);
  const current = useRef<JobState<ValueOf<K>>>(IDLE);
  // Events can overtake the answer that names the job; they wait here until the id is known.
  const early = useRef<Arrival<K>[]>([]);

  const publish = useCallback((next: JobState<ValueOf<K>>) => {
    current.current = next;
    setJob(next);
  }, []);

  const apply = useCallback(
    (arrival: Arrival<K>) => {
      const s = current.current;
      if (arrival.payload.jobId !== s.jobId || s.phase === 'done') return;
      if (arrival.type === 'progress') {
        publish({ ...s, progress: { done: arrival.payload.done, total: arrival.payload.total } });
        return;
      }
      const end = arrival.payload;
      if (end.ok) publish({ ...s, phase: 'done', value: end.value as ValueOf<K>, error: null });
      else publish({ ...s, phase: 'done', error: end.error as AppError });
    },
    [publish],
  );

  useEffect(() => {
    const route = (arrival: Arrival<K>) => {
      if (current.current.phase === 'starting') early.current.push(arrival);
      else apply(arrival);
    };
    // The event names are built from the kind; the contract types each one.
    const on = onEvent as unknown as (event: string, listener: (payload: unknown) => void) => () => void;
    const offs = [
      on(`${kind}:progress`, (payload) => route({ type: 'progress', payload: payload as JobProgress })),
      on(`${kind}:done`, (payload) => route({ type: 'done', payload: payload as EventPayload<`${K}:done`> })),
    ];
    return () => offs.forEach((off) => off());
  }, [kind, apply]);

  const start = useCallback(
    async (call: () => Promise<Result<{ jobId: string }>>) => {
      if (jobBusy(current.current.phase)) return;
      early.current = [];
      publish({ ...IDLE, phase: 'starting' });
      const result = await call();
      const waiting = early.current;
      early.current = [];
      if (!result.ok) {
        publish({ ...IDLE, phase: 'done', error: result.error });
        return;
      }
      publish({ ...current.current, phase: 'running', jobId: result.value.jobId });
      for (const arrival of waiting) apply(arrival);
    },
    [apply, publish],
  );

  const cancel = useCallback(async () => {
    const { jobId, phase } = current.current;
    const channel = CANCEL[kind];
    if (!jobId || phase !== 'running' || !channel) return;
    publish({ ...current.current, phase: 'cancelling' });
    await invoke(channel, { jobId });
  }, [kind, publish]);

  const reset = useCallback(() => {
    if (jobBusy(current.current.phase)) return;
    early.current = [];
    publish(IDLE);
  }, [publish]);

  return useMemo(() => ({ job, start, cancel, reset }), [job, start, cancel, reset]);
}
