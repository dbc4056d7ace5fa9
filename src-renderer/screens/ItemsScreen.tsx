import { useCallback, useEffect, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useTranslation } from 'react-i18next';
import type { AppError } from '../../src-shared/result.ts';
import type { ItemSummary } from '../../src-shared/types/items.ts';
import { invoke, onEvent } from '../api.ts';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import { formatBytes, formatNumber, formatShortDateTime, shortHash } from '../format.ts';
import { hrefFor, itemHref, navigate } from '../routes.ts';
import { ShareableBadge } from '../components/ShareableBadge.tsx';
import { useSessionMemory } from '../session-memory.tsx';
import type { ItemsFilter } from '../session-memory.tsx';

const PAGE_SIZE = 200;
const ROW_HEIGHT = 40;
/** Pages kept in memory (60 × 200 rows); the farthest from view go first. */
const MAX_PAGES = 60;

/**
 * Items in pages of 200 fetched by offset as they scroll into view, so 100,000 items cost what the
 * visible rows cost. A finished import invalidates the cache; so does another status filter, whose
 * pages are never shown under the new one.
 */
function useItemPages(filter: ItemsFilter) {
  const [total, setTotal] = useState<{ filter: ItemsFilter; n: number } | null>(null);
  const [pages, setPages] = useState<{ filter: ItemsFilter; map: ReadonlyMap<number, ItemSummary[]> }>(() => ({ filter, map: new Map() }));
  const [error, setError] = useState<AppError | null>(null);
  const [version, setVersion] = useState(0);
  const inFlight = useRef(new Set<string>());
  const loaded = useRef(new Set<string>());
  const current = useRef(filter);
  // Pages of another filter are dropped as soon as the new one's first page arrives: load them again.
  useEffect(() => {
    current.current = filter;
    loaded.current.clear();
  }, [filter]);
  const generation = `${version}|${filter}`;

  useEffect(() => onEvent('ingest:done', () => setVersion((v) => v + 1)), []);

  const ensure = useCallback(
    (first: number, last: number) => {
      const from = Math.floor(first / PAGE_SIZE);
      const to = Math.floor(last / PAGE_SIZE);
      for (let page = from; page <= to; page++) {
        const key = `${generation}:${page}`;
        if (loaded.current.has(key) || inFlight.current.has(key)) continue;
        inFlight.current.add(key);
        const request = { offset: page * PAGE_SIZE, limit: PAGE_SIZE, ...(filter === 'all' ? {} : { shareable: filter }) };
        void invoke('items:list', request).then((result) => {
          inFlight.current.delete(key);
          if (current.current !== filter) return;
          if (!result.ok) {
            setError(result.error);
            return;
          }
          setError(null);
          setTotal({ filter, n: result.value.total });
          loaded.current.add(key);
          setPages((prev) => {
            if (current.current !== filter) return prev;
            const next = new Map(prev.filter === filter ? prev.map : undefined);
            next.set(page, result.value.items);
            if (next.size > MAX_PAGES) {
              const far = [...next.keys()].sort((a, b) => Math.abs(b - page) - Math.abs(a - page));
              for (const drop of far.slice(0, next.size - MAX_PAGES)) {
                next.delete(drop);
                loaded.current.delete(`${generation}:${drop}`);
              }
            }
            return { filter, map: next };
          });
        });
      }
    },
    [generation, filter],
  );

  const map = pages.filter === filter ? pages.map : null;
  const itemAt = (index: number): ItemSummary | undefined => map?.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];
  return { total: total?.filter === filter ? total.n : null, error, ensure, itemAt, version };
}

const FILTERS: readonly ItemsFilter[] = ['all', 'stripped', 'unsupported', 'failed', 'none'];

export function ItemsScreen() {
  const { t, i18n } = useTranslation();
  const memory = useSessionMemory();
  const [filter, setFilterState] = useState<ItemsFilter>(memory.itemsFilter);
  const { total, error, ensure, itemAt, version } = useItemPages(filter);
  const [active, setActive] = useState(memory.itemsActiveIndex);
  const scroller = useRef<HTMLDivElement>(null);
  const count = total ?? 0;
  const lang = i18n.language;

  // No React Compiler here: the virtualizer re-renders this component on scroll, as intended.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const rows = virtualizer.getVirtualItems();
  const first = rows[0]?.index ?? 0;
  const last = rows[rows.length - 1]?.index ?? 0;

  useEffect(() => {
    ensure(first, last);
  }, [ensure, first, last, version]);

  // Back from an item: return to the same place once the list has its length again.
  const restored = useRef(false);
  useEffect(() => {
    if (restored.current || total === null) return;
    restored.current = true;
    if (memory.itemsScrollOffset > 0) virtualizer.scrollToOffset(memory.itemsScrollOffset);
  }, [total, memory, virtualizer]);

  useEffect(() => {
    memory.itemsActiveIndex = active;
  }, [memory, active]);

  const setFilter = (next: ItemsFilter) => {
    if (next === filter) return;
    memory.itemsFilter = next;
    memory.itemsScrollOffset = 0;
    setFilterState(next);
    setActive(0);
    virtualizer.scrollToOffset(0);
  };

  const activeIndex = count === 0 ? -1 : Math.min(active, count - 1);

  const open = (index: number) => {
    const item = itemAt(index);
    if (item) navigate(itemHref(item.id));
  };

  const moveTo = (index: number) => {
    const next = Math.max(0, Math.min(count - 1, index));
    setActive(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (count === 0) return;
    const pageRows = Math.max(1, Math.floor((scroller.current?.clientHeight ?? ROW_HEIGHT * 10) / ROW_HEIGHT) - 1);
    const keys: Record<string, () => void> = {
      ArrowDown: () => moveTo(activeIndex + 1),
      ArrowUp: () => moveTo(activeIndex - 1),
      PageDown: () => moveTo(activeIndex + pageRows),
      PageUp: () => moveTo(activeIndex - pageRows),
      Home: () => moveTo(0),
      End: () => moveTo(count - 1),
      Enter: () => open(activeIndex),
    };
    const action = keys[e.key];
    if (!action) return;
    e.preventDefault();
    action();
  };

  if (total === 0 && filter === 'all') {
    return (
      <section className="empty-state">
        <h1>{t('items.emptyTitle')}</h1>
        <p>{t('items.emptyBody')}</p>
        <a className="button" href={hrefFor('import')}>
          {t('items.goToImport')}
        </a>
      </section>
    );
  }

  return (
    <section className="items-screen">
      <div className="screen-head">
        <h1 id="items-title">{t('items.title')}</h1>
        <span className="help" data-testid="items-total">
          {total === null ? t('items.loading') : t(filter === 'all' ? 'items.total' : 'items.totalFiltered', { n: formatNumber(total, lang) })}
        </span>
      </div>
      <div className="filter-bar" role="group" aria-label={t('items.filterLabel')} data-testid="items-filter">
        {FILTERS.map((name) => (
          <button key={name} type="button" className="filter-chip" aria-pressed={filter === name} onClick={() => setFilter(name)}>
            {t(`items.filters.${name}`)}
          </button>
        ))}
      </div>
      <p className="help">{t('items.keyboardHelp')}</p>
      {error && <ErrorBanner error={error} />}
      {total === 0 && (
        <p className="help empty-results" data-testid="items-filter-empty">
          {t('items.noneInFilter')}
        </p>
      )}
      <div
        className="items-grid"
        role="grid"
        aria-labelledby="items-title"
        aria-rowcount={count + 1}
        aria-colcount={6}
        aria-activedescendant={rows.some((v) => v.index === activeIndex) ? `item-row-${activeIndex}` : undefined}
        tabIndex={0}
        onKeyDown={onKeyDown}
        data-testid="items-grid"
      >
        <div role="rowgroup" className="items-head">
          <div role="row" aria-rowindex={1} className="items-row">
            <div role="columnheader">{t('items.columns.name')}</div>
            <div role="columnheader">{t('items.columns.type')}</div>
            <div role="columnheader" className="num">
              {t('items.columns.size')}
            </div>
            <div role="columnheader">{t('items.columns.ingested')}</div>
            <div role="columnheader">{t('items.columns.hash')}</div>
            <div role="columnheader">{t('items.columns.shareable')}</div>
          </div>
        </div>
        <div role="rowgroup" ref={scroller} className="items-scroller" style={{ height: virtualizer.getTotalSize() }}
          onScroll={(e) => {
            memory.itemsScrollOffset = e.currentTarget.scrollTop;
          }}
          data-testid="items-scroller"
        >
          <div className="items-sizer" style={{ height: virtualizer.getTotalSize() }}>
            {rows.map((v) => {
              const item = itemAt(v.index);
              const selected = v.index === activeIndex;
              return (
                <div
                  key={v.key}
                  id={`item-row-${v.index}`}
                  role="row"
                  aria-rowindex={v.index + 2}
                  aria-selected={selected}
                  className={selected ? 'items-row item active' : 'items-row item'}
                  style={{ transform: `translateY(${v.start}px)`, height: ROW_HEIGHT }}
                  onClick={() => {
                    setActive(v.index);
                    open(v.index);
                  }}
                  data-testid="item-row"
                >
                  {item ? (
                    <>
                      <div role="gridcell" className="cell-name" title={item.name}>
                        {item.name}
                      </div>
                      <div role="gridcell" className="cell-type" title={item.mediaType}>
                        {item.mediaType}
                      </div>
                      <div role="gridcell" className="num">
                        {formatBytes(item.size, t, lang)}
                      </div>
                      <div role="gridcell">{formatShortDateTime(item.ingestedAt, lang)}</div>
                      <div role="gridcell" className="mono" title={item.sha256}>
                        {shortHash(item.sha256)}
                      </div>
                      <div role="gridcell" className="cell-shareable">
                        <ShareableBadge status={item.shareableStatus} />
                      </div>
                    </>
                  ) : (
                    <div role="gridcell" className="cell-loading">
                      {t('items.rowLoading')}
                    </div>
                  )}
                </div>
              );
            })}
          </div>
        </div>
      </div>
    </section>
  );
}
