/**
 * The running import, kept above the screens so that progress and results survive moving to
 * another screen and back. It lives inside the unlocked subtree, so locking drops it.
 *
 * A folder can hold 100,000 files, each with its own outcome event: events go into a mutable
 * store and the screen re-renders at most once per frame.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import type { EventPayload } from '../src-shared/contract.ts';
import type { AppError } from '../src-shared/result.ts';
import type { IngestOutcomeView, IngestProgressView, IngestStatus } from '../src-shared/types/vault.ts';
import { invoke, onEvent } from './api.ts';

export type ImportPhase = 'idle' | 'starting' | 'running' | 'cancelling' | 'done';

export interface ImportJob {
  phase: ImportPhase;
  jobId: string | null;
  progress: IngestProgressView | null;
  /** In arrival order while running; in the order of the walk once done. */
  outcomes: readonly IngestOutcomeView[];
  counts: Record<IngestStatus, number>;
  cancelled: boolean;
  /** The import ended without reporting any file (the job itself failed). */
  failed: boolean;
  error: AppError | null;
  /** Changes whenever anything above does (outcomes is appended in place). */
  version: number;
}

type JobEvent =
  | { type: 'progress'; payload: EventPayload<'ingest:progress'> }
  | { type: 'outcome'; payload: EventPayload<'ingest:outcome'> }
  | { type: 'done'; payload: EventPayload<'ingest:done'> };

const noCounts = (): Record<IngestStatus, number> => ({ ingested: 0, duplicate: 0, error: 0 });
const idle = (): ImportJob => ({ phase: 'idle', jobId: null, progress: null, outcomes: [], counts: noCounts(), cancelled: false, failed: false, error: null, version: 0 });

function countOf(outcomes: readonly IngestOutcomeView[]): Record<IngestStatus, number> {
  const counts = noCounts();
  for (const o of outcomes) counts[o.status]++;
  return counts;
}

export const isBusy = (phase: ImportPhase): boolean => phase === 'starting' || phase === 'running' || phase === 'cancelling';

export interface ImportJobApi {
  job: ImportJob;
  /** The source note being typed; kept here so that it survives a look at another screen. */
  note: string;
  setNote(note: string): void;
  start(paths: string[], sourceNote: string): Promise<void>;
  cancel(): Promise<void>;
  clear(): void;
}

const ImportContext = createContext<ImportJobApi | null>(null);

export function useImportJob(): ImportJobApi {
  const value = useContext(ImportContext);
  if (!value) throw new Error('useImportJob outside ImportJobProvider');
  return value;
}

export function ImportJobProvider({ children }: { children: ReactNode }) {
  const [job, setJob] = useState<ImportJob>(idle);
  const [note, setNote] = useState('');
  const store = useRef<ImportJob>(job);
  const frame = useRef<number | null>(null);
  // Events can overtake the answer to ingest:start; they wait here until the job id is known.
  const early = useRef<JobEvent[]>([]);

  const publish = useCallback((now = false) => {
    store.current = { ...store.current, version: store.current.version + 1 };
    if (now) {
      if (frame.current !== null) cancelAnimationFrame(frame.current);
      frame.current = null;
      setJob(store.current);
      return;
    }
    frame.current ??= requestAnimationFrame(() => {
      frame.current = null;
      setJob(store.current);
    });
  }, []);

  const apply = useCallback(
    (event: JobEvent) => {
      const s = store.current;
      if (event.payload.jobId !== s.jobId || s.phase === 'done') return;
      if (event.type === 'progress') {
        s.progress = event.payload;
      } else if (event.type === 'outcome') {
        (s.outcomes as IngestOutcomeView[]).push(event.payload.outcome);
        s.counts[event.payload.outcome.status]++;
      } else {
        const outcomes = event.payload.outcomes.length > 0 ? event.payload.outcomes : s.outcomes;
        store.current = {
          ...s,
          phase: 'done',
          outcomes,
          counts: countOf(outcomes),
          cancelled: event.payload.cancelled,
          failed: outcomes.length === 0 && !event.payload.cancelled,
        };
        publish(true);
        return;
      }
      publish();
    },
    [publish],
  );

  useEffect(() => {
    const route = (event: JobEvent) => {
      if (store.current.phase === 'starting') early.current.push(event);
      else apply(event);
    };
    const offs = [
      onEvent('ingest:progress', (payload) => route({ type: 'progress', payload })),
      onEvent('ingest:outcome', (payload) => route({ type: 'outcome', payload })),
      onEvent('ingest:done', (payload) => route({ type: 'done', payload })),
    ];
    return () => {
      offs.forEach((off) => off());
      if (frame.current !== null) cancelAnimationFrame(frame.current);
    };
  }, [apply]);

  const start = useCallback(
    async (paths: string[], sourceNote: string) => {
      if (paths.length === 0 || isBusy(store.current.phase)) return;
      store.current = { ...idle(), phase: 'starting', outcomes: [] };
      early.current = [];
      publish(true);
      const note = sourceNote.trim();
      const result = await invoke('ingest:start', { paths, ...(note ? { sourceNote: note } : {}) });
      const waiting = early.current;
      early.current = [];
      if (!result.ok) {
        store.current = { ...idle(), error: result.error };
        publish(true);
        return;
      }
      store.current = { ...store.current, phase: 'running', jobId: result.value.jobId };
      publish(true);
      for (const event of waiting) apply(event);
    },
    [apply, publish],
  );

  const cancel = useCallback(async () => {
    const { jobId, phase } = store.current;
    if (!jobId || phase !== 'running') return;
    store.current = { ...store.current, phase: 'cancelling' };
    publish(true);
    await invoke('ingest:cancel', { jobId });
  }, [publish]);

  const clear = useCallback(() => {
    if (isBusy(store.current.phase)) return;
    store.current = idle();
    publish(true);
  }, [publish]);

  const value = useMemo(() => ({ job, note, setNote, start, cancel, clear }), [job, note, start, cancel, clear]);
  return <ImportContext.Provider value={value}>{children}</ImportContext.Provider>;
}
