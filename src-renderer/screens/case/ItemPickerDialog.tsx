import { useCallback, useEffect, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useTranslation } from 'react-i18next';
import type { AppError } from '../../../src-shared/result.ts';
import type { ItemSummary } from '../../../src-shared/types/items.ts';
import { invoke } from '../../api.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { formatBytes, formatNumber, formatShortDateTime } from '../../format.ts';
import { caseExhibitLabels, linkNewExhibits } from './case-links.ts';
import type { LinkSummary } from './case-links.ts';
import { Modal } from '../../components/Modal.tsx';

const PAGE = 200;
const ROW_HEIGHT = 52;
const SEARCH_LIMIT = 500;

/** One row of the picker: a vault item (browsing) or a search hit (finding), which has no size or type. */
type Choice = { id: string; name: string; item: ItemSummary | null };

/**
 * The vault's items newest first, in pages fetched as they scroll into view. items:list pages go
 * oldest first, so page p of this list is the slice that ends p pages before the newest, reversed.
 */
function useNewestItems() {
  const [total, setTotal] = useState<number | null>(null);
  const [pages, setPages] = useState<ReadonlyMap<number, ItemSummary[]>>(new Map());
  const [error, setError] = useState<AppError | null>(null);
  const inFlight = useRef(new Set<number>());
  useEffect(() => {
    void invoke('items:list', { offset: 0, limit: 1 }).then((r) => {
      if (r.ok) setTotal(r.value.total);
      else setError(r.error);
    });
  }, []);
  const ensure = useCallback(
    (first: number, last: number) => {
      if (total === null) return;
      for (let page = Math.floor(first / PAGE); page <= Math.floor(last / PAGE); page++) {
        if (pages.has(page) || inFlight.current.has(page)) continue;
        inFlight.current.add(page);
        const end = total - page * PAGE;
        const offset = Math.max(0, end - PAGE);
        void invoke('items:list', { offset, limit: end - offset }).then((r) => {
          inFlight.current.delete(page);
          if (!r.ok) setError(r.error);
          else setPages((prev) => new Map(prev).set(page, [...r.value.items].reverse()));
        });
      }
    },
    [total, pages],
  );
  const itemAt = (index: number): ItemSummary | undefined => pages.get(Math.floor(index / PAGE))?.[index % PAGE];
  return { total, ensure, itemAt, error };
}

/** Items whose name, tags, source note or metadata match, best first (the vault's search). */
function useFoundItems(query: string) {
  const [found, setFound] = useState<{ query: string; choices: Choice[]; more: boolean } | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  useEffect(() => {
    if (!query) return;
    let live = true;
    // Typing settles before the vault is asked.
    const timer = setTimeout(() => {
      void invoke('search:query', { query, filters: { kinds: ['item'] }, limitPerKind: SEARCH_LIMIT }).then((r) => {
        if (!live) return;
        if (!r.ok) {
          setError(r.error);
          return;
        }
        setError(null);
        setFound({ query, choices: r.value.groups.item.map((hit) => ({ id: hit.id, name: hit.title, item: null })), more: r.value.more.item });
      });
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [query]);
  return { found: found?.query === query ? found : null, error };
}

export function ItemPickerDialog({ caseId, caseNumber, onClose, onLinked }: { caseId: string; caseNumber: string; onClose(): void; onLinked(summary: LinkSummary): void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [filter, setFilter] = useState('');
  const query = filter.trim();
  const newest = useNewestItems();
  const { found, error: findError } = useFoundItems(query);
  const [inCase, setInCase] = useState<ReadonlyMap<string, string>>(new Map());
  const [chosen, setChosen] = useState<Choice[]>([]);
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const [active, setActive] = useState(0);
  const scroller = useRef<HTMLDivElement>(null);
  const pendingFocus = useRef<number | null>(null);

  useEffect(() => {
    void caseExhibitLabels(caseId).then((r) => {
      if (r.ok) setInCase(r.value);
      else setError(r.error);
    });
  }, [caseId]);

  const count = query ? (found?.choices.length ?? 0) : (newest.total ?? 0);
  const choiceAt = (index: number): Choice | undefined => {
    if (query) return found?.choices[index];
    const item = newest.itemAt(index);
    return item && { id: item.id, name: item.name, item };
  };
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({ count, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 6 });
  const rows = virtualizer.getVirtualItems();
  const first = rows[0]?.index ?? 0;
  const last = rows[rows.length - 1]?.index ?? 0;
  const { ensure } = newest;
  useEffect(() => {
    if (!query) ensure(first, last);
  }, [ensure, first, last, query]);
  useEffect(() => {
    if (pendingFocus.current === null) return;
    const box = document.getElementById(`pick-${pendingFocus.current}`);
    if (!box) return;
    pendingFocus.current = null;
    box.focus();
  });

  const activeIndex = count === 0 ? -1 : Math.min(active, count - 1);
  const chosenIds = new Set(chosen.map((c) => c.id));
  const toggle = (choice: Choice) => setChosen((list) => (list.some((c) => c.id === choice.id) ? list.filter((c) => c.id !== choice.id) : [...list, choice]));
  const onListKey = (e: KeyboardEvent<HTMLInputElement>, index: number) => {
    const moves: Record<string, number> = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: count - 1 };
    const to = moves[e.key];
    if (to === undefined) return;
    e.preventDefault();
    const next = Math.max(0, Math.min(count - 1, to));
    setActive(next);
    pendingFocus.current = next;
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  const add = async () => {
    if (chosen.length === 0) return;
    setBusy(true);
    setError(null);
    const result = await linkNewExhibits(caseId, chosen.map((c) => c.id));
    setBusy(false);
    if (result.ok) onLinked(result.value);
    else setError(result.error);
  };

  const status =
    query && !found ? t('exhibits.picker.searching') : query ? t(found?.more ? 'exhibits.picker.foundMore' : 'exhibits.picker.found', { n: formatNumber(count, lang) }) : newest.total === null ? t('exhibits.picker.loading') : t('exhibits.picker.inVault', { n: formatNumber(count, lang) });

  return (
    <Modal labelledBy="picker-title" describedBy="picker-help" onClose={onClose} className="form-dialog picker-dialog" testId="item-picker">
      <h2 id="picker-title">{t('exhibits.picker.title', { number: caseNumber })}</h2>
      <p id="picker-help" className="help">
        {t('exhibits.picker.help')}
      </p>
      <div className="field wide">
        <label htmlFor="picker-filter">{t('exhibits.picker.filter')}</label>
        <input id="picker-filter" type="search" value={filter} autoComplete="off" data-autofocus aria-describedby="picker-filter-help" onChange={(e) => {
          setFilter(e.target.value);
          setActive(0);
          virtualizer.scrollToOffset(0);
        }} />
        <p id="picker-filter-help" className="help">
          {t('exhibits.picker.filterHelp')}
        </p>
      </div>
      <p className="help" role="status" data-testid="picker-status">
        {status}
      </p>
      {(newest.error ?? findError) && <ErrorBanner error={(newest.error ?? findError)!} />}
      <div ref={scroller} className="picker-scroller" role="group" aria-labelledby="picker-title" data-testid="picker-list">
        <ul className="picker-list" style={{ height: virtualizer.getTotalSize() }}>
          {rows.map((v) => {
            const choice = choiceAt(v.index);
            const label = choice ? inCase.get(choice.id) : undefined;
            return (
              <li key={v.key} className="picker-row" style={{ transform: `translateY(${v.start}px)`, height: ROW_HEIGHT }} data-testid="picker-row">
                {choice ? (
                  <>
                    <input
                      type="checkbox"
                      id={`pick-${v.index}`}
                      checked={chosenIds.has(choice.id) || label !== undefined}
                      // aria-disabled, not disabled: the arrow keys still reach it and it says why.
                      aria-disabled={label !== undefined || undefined}
                      tabIndex={v.index === activeIndex ? 0 : -1}
                      onChange={() => {
                        if (label === undefined) toggle(choice);
                      }}
                      onFocus={() => setActive(v.index)}
                      onKeyDown={(e) => onListKey(e, v.index)}
                      aria-describedby={`pick-${v.index}-meta`}
                    />
                    <label htmlFor={`pick-${v.index}`} className="picker-name" title={choice.name}>
                      {choice.name}
                    </label>
                    <span id={`pick-${v.index}-meta`} className="picker-meta">
                      {label !== undefined
                        ? t('exhibits.picker.already', { label })
                        : choice.item
                          ? `${choice.item.mediaType} · ${formatBytes(choice.item.size, t, lang)} · ${formatShortDateTime(choice.item.ingestedAt, lang)}`
                          : choice.id}
                    </span>
                  </>
                ) : (
                  <span className="cell-loading">{t('exhibits.rowLoading')}</span>
                )}
              </li>
            );
          })}
        </ul>
      </div>
      {error && <ErrorBanner error={error} />}
      <div className="actions picker-actions">
        <span className="picker-count" role="status" data-testid="picker-chosen">
          {t('exhibits.picker.chosen', { n: formatNumber(chosen.length, lang) })}
        </span>
        <button type="button" className="button" disabled={busy || chosen.length === 0} onClick={() => void add()}>
          {t('exhibits.picker.add', { n: formatNumber(chosen.length, lang) })}
        </button>
        <button type="button" className="button secondary" onClick={onClose}>
          {t('exhibits.cancel')}
        </button>
      </div>
    </Modal>
  );
}
