import { useCallback, useEffect, useRef, useState } from 'react';
import type { AppError } from '../../../src-shared/result.ts';
import type { ExhibitPage, ExhibitView } from '../../../src-shared/types/cases.ts';
import { invoke } from '../../api.ts';

export const EXHIBIT_PAGE = 200;

type Page = { version: number; rows: ExhibitView[] };

/**
 * A case's exhibits in pages of 200, fetched as they scroll into view (a case can have thousands).
 * The first page comes with the case itself (`first`), so the table shows without another request.
 * After a change (`invalidate`) the pages in view are fetched again; until they arrive the old
 * rows stay on screen, so a move does not flash empty rows.
 */
export function useExhibitPages(caseId: string, first: ExhibitPage) {
  const [version, setVersion] = useState(0);
  const seeded = first.offset === 0 && first.rows.length === Math.min(EXHIBIT_PAGE, first.total);
  const [total, setTotal] = useState<number | null>(seeded ? first.total : null);
  const [pages, setPages] = useState<ReadonlyMap<number, Page>>(() => new Map(seeded ? [[0, { version: 0, rows: first.rows }]] : []));
  const [error, setError] = useState<AppError | null>(null);
  const inFlight = useRef(new Set<string>());

  const ensure = useCallback(
    (first: number, last: number) => {
      const from = Math.floor(first / EXHIBIT_PAGE);
      const to = Math.floor(last / EXHIBIT_PAGE);
      for (let page = from; page <= to; page++) {
        const key = `${version}:${page}`;
        if (pages.get(page)?.version === version || inFlight.current.has(key)) continue;
        inFlight.current.add(key);
        void invoke('cases:exhibits', { caseId, offset: page * EXHIBIT_PAGE, limit: EXHIBIT_PAGE }).then((result) => {
          inFlight.current.delete(key);
          if (!result.ok) {
            setError(result.error);
            return;
          }
          setError(null);
          setTotal(result.value.total);
          setPages((prev) => {
            if ((prev.get(page)?.version ?? -1) > version) return prev;
            return new Map(prev).set(page, { version, rows: result.value.rows });
          });
        });
      }
    },
    [caseId, version, pages],
  );

  const rowAt = (index: number): ExhibitView | undefined => pages.get(Math.floor(index / EXHIBIT_PAGE))?.rows[index % EXHIBIT_PAGE];
  const invalidate = useCallback(() => setVersion((v) => v + 1), []);
  // The first page also tells how many there are.
  useEffect(() => {
    if (total === null) ensure(0, 0);
  }, [total, ensure]);
  return { total, rowAt, ensure, invalidate, version, error };
}
