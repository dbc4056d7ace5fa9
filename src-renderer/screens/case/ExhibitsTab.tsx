import { useEffect, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useTranslation } from 'react-i18next';
import type { AppError } from '../../../src-shared/result.ts';
import type { CaseDetail, ExhibitView } from '../../../src-shared/types/cases.ts';
import type { ShareableStatus } from '../../../src-shared/types/shareable.ts';
import { invoke } from '../../api.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { ShareableBadge } from '../../components/ShareableBadge.tsx';
import { formatBytes, formatNumber } from '../../format.ts';
import { itemHref, navigate } from '../../routes.ts';
import { labelRange } from './case-format.ts';
import { EditExhibitDialog } from './EditExhibitDialog.tsx';
import { HashLine } from './HashLine.tsx';
import { ItemPickerDialog } from './ItemPickerDialog.tsx';
import { UnlinkDialog } from './UnlinkDialog.tsx';
import { useExhibitPages } from './use-exhibit-pages.ts';

const ROW_HEIGHT = 68;
type Control = 'up' | 'down' | 'row';
/** The row to focus once it is on screen with this item in it (after a move, a page reload). */
type PendingFocus = { index: number; itemId: string; control: Control } | { index: number; itemId: null; control: 'row' };

export function ExhibitsTab({ detail, onChanged }: { detail: CaseDetail; onChanged: () => Promise<void> }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const caseId = detail.id;
  const { total, rowAt, ensure, invalidate, error: pageError } = useExhibitPages(caseId, detail.exhibits);
  const count = total ?? 0;
  const [active, setActive] = useState(0);
  const [notice, setNotice] = useState('');
  const [error, setError] = useState<AppError | null>(null);
  const [editing, setEditing] = useState<ExhibitView | null>(null);
  const [unlinking, setUnlinking] = useState<{ row: ExhibitView; index: number } | null>(null);
  const [picking, setPicking] = useState(false);
  const scroller = useRef<HTMLDivElement>(null);
  const pendingFocus = useRef<PendingFocus | null>(null);
  const moving = useRef(false);

  // No React Compiler here: the virtualizer re-renders this component on scroll, as intended.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({ count, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 8 });
  const rows = virtualizer.getVirtualItems();
  const first = rows[0]?.index ?? 0;
  const last = rows[rows.length - 1]?.index ?? 0;
  useEffect(() => {
    if (count > 0) ensure(first, last);
  }, [ensure, first, last, count]);

  // Focus follows a moved row to its new place once the reloaded page shows it there.
  useEffect(() => {
    const want = pendingFocus.current;
    if (!want) return;
    const row = document.getElementById(`exhibit-row-${want.index}`);
    if (!row || (want.itemId !== null && row.dataset['itemId'] !== want.itemId)) return;
    pendingFocus.current = null;
    const control = want.control === 'row' ? null : row.querySelector<HTMLButtonElement>(`[data-control="${want.control}"]:not(:disabled)`);
    (control ?? row).focus();
  });

  const activeIndex = count === 0 ? -1 : Math.min(active, count - 1);
  const focusRow = (index: number) => {
    const to = Math.max(0, Math.min(count - 1, index));
    setActive(to);
    pendingFocus.current = { index: to, itemId: null, control: 'row' };
    virtualizer.scrollToIndex(to, { align: 'auto' });
  };

  const move = async (row: ExhibitView, index: number, delta: -1 | 1, control: Control) => {
    const to = index + delta;
    if (moving.current || to < 0 || to >= count) return;
    moving.current = true;
    setError(null);
    const result = await invoke('cases:move-exhibit', { caseId, itemId: row.itemId, toPosition: row.position + delta });
    moving.current = false;
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setActive(to);
    pendingFocus.current = { index: to, itemId: row.itemId, control };
    virtualizer.scrollToIndex(to, { align: 'auto' });
    invalidate();
    // The case's first page of exhibits (which seeds this table next time) changed too.
    void onChanged();
    setNotice(t('exhibits.moved', { label: row.label, position: formatNumber(row.position + delta, lang) }));
  };

  const onRowKeyDown = (e: KeyboardEvent<HTMLDivElement>, row: ExhibitView | undefined, index: number) => {
    if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
      const delta = e.key === 'ArrowUp' ? -1 : 1;
      if (e.altKey) {
        e.preventDefault();
        if (row) void move(row, index, delta, 'row');
      } else if (e.target === e.currentTarget) {
        e.preventDefault();
        focusRow(index + delta);
      }
    } else if ((e.key === 'Home' || e.key === 'End') && e.target === e.currentTarget) {
      e.preventDefault();
      focusRow(e.key === 'Home' ? 0 : count - 1);
    } else if (e.key === 'Enter' && e.target === e.currentTarget && row) {
      e.preventDefault();
      navigate(itemHref(row.itemId));
    }
  };

  return (
    <div className="exhibits-tab">
      <div className="section-head">
        <div>
          <h2 id="exhibits-title">{t('exhibits.title')}</h2>
          <p className="help" data-testid="exhibits-total">
            {total === null ? t('exhibits.loading') : t('exhibits.total', { n: formatNumber(count, lang) })}
          </p>
        </div>
        <button type="button" className="button" id="exhibits-add" onClick={() => setPicking(true)}>
          {t('exhibits.add')}
        </button>
      </div>
      <p role="status" className="save-status tab-notice" data-testid="exhibits-notice">
        {notice}
      </p>
      {pageError && <ErrorBanner error={pageError} />}
      {error && <ErrorBanner error={error} />}
      {total === 0 ? (
        <p className="help empty-results" data-testid="exhibits-empty">
          {t('exhibits.empty')}
        </p>
      ) : (
        <>
          <p className="help keys-help" id="exhibits-keys">
            {t('exhibits.keyboardHelp')}
          </p>
          <div className="exhibit-table" role="table" aria-labelledby="exhibits-title" aria-describedby="exhibits-keys" aria-rowcount={count + 1} data-testid="exhibit-table">
            <div role="rowgroup">
              <div role="row" aria-rowindex={1} className="exhibit-row exhibit-head">
                <div role="columnheader" className="num">
                  {t('exhibits.columns.position')}
                </div>
                <div role="columnheader">{t('exhibits.columns.label')}</div>
                <div role="columnheader">{t('exhibits.columns.item')}</div>
                <div role="columnheader">{t('exhibits.columns.hashes')}</div>
                <div role="columnheader">
                  <span className="visually-hidden">{t('exhibits.columns.actions')}</span>
                </div>
              </div>
            </div>
            <div role="rowgroup" ref={scroller} className="exhibit-scroller" style={{ height: virtualizer.getTotalSize() }}>
              <div className="exhibit-sizer" style={{ height: virtualizer.getTotalSize() }}>
                {rows.map((v) => {
                  const row = rowAt(v.index);
                  const isActive = v.index === activeIndex;
                  return (
                    <div
                      key={v.key}
                      id={`exhibit-row-${v.index}`}
                      role="row"
                      aria-rowindex={v.index + 2}
                      data-item-id={row?.itemId}
                      tabIndex={isActive ? 0 : -1}
                      className={isActive ? 'exhibit-row exhibit active' : 'exhibit-row exhibit'}
                      style={{ transform: `translateY(${v.start}px)`, height: ROW_HEIGHT }}
                      onFocus={() => setActive(v.index)}
                      onKeyDown={(e) => onRowKeyDown(e, row, v.index)}
                      data-testid="exhibit-row"
                    >
                      {row ? (
                        <ExhibitCells
                          row={row}
                          tabbable={isActive}
                          isFirst={v.index === 0}
                          isLast={v.index === count - 1}
                          onMove={(delta, control) => void move(row, v.index, delta, control)}
                          onEdit={() => setEditing(row)}
                          onUnlink={() => setUnlinking({ row, index: v.index })}
                        />
                      ) : (
                        <div role="cell" className="cell-loading">
                          {t('exhibits.rowLoading')}
                        </div>
                      )}
                    </div>
                  );
                })}
              </div>
            </div>
          </div>
        </>
      )}
      {editing && (
        <EditExhibitDialog
          caseId={caseId}
          exhibit={editing}
          onClose={() => setEditing(null)}
          onSaved={(label) => {
            setEditing(null);
            invalidate();
            void onChanged();
            setNotice(t('exhibits.updated', { label }));
          }}
        />
      )}
      {unlinking && (
        <UnlinkDialog
          caseId={caseId}
          caseNumber={detail.number}
          exhibit={unlinking.row}
          onClose={() => setUnlinking(null)}
          onUnlinked={() => {
            const { row, index } = unlinking;
            setUnlinking(null);
            invalidate();
            void onChanged();
            setNotice(t('exhibits.unlinked', { label: row.label }));
            if (count > 1) {
              const next = Math.min(index, count - 2);
              setActive(next);
              pendingFocus.current = { index: next, itemId: null, control: 'row' };
            } else document.getElementById('exhibits-add')?.focus();
          }}
        />
      )}
      {picking && (
        <ItemPickerDialog
          caseId={caseId}
          caseNumber={detail.number}
          onClose={() => setPicking(false)}
          onLinked={(summary) => {
            setPicking(false);
            invalidate();
            void onChanged();
            setNotice(
              [
                summary.labels.length > 0 ? t('exhibits.linked', { labels: labelRange(summary.labels) }) : '',
                summary.already > 0 ? t('exhibits.alreadyLinked', { n: formatNumber(summary.already, lang) }) : '',
              ]
                .filter(Boolean)
                .join(' '),
            );
          }}
        />
      )}
    </div>
  );
}

function ExhibitCells({
  row,
  tabbable,
  isFirst,
  isLast,
  onMove,
  onEdit,
  onUnlink,
}: {
  row: ExhibitView;
  tabbable: boolean;
  isFirst: boolean;
  isLast: boolean;
  onMove(delta: -1 | 1, control: Control): void;
  onEdit(): void;
  onUnlink(): void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const tabIndex = tabbable ? 0 : -1;
  return (
    <>
      <div role="cell" className="num exhibit-pos" data-testid="exhibit-position">
        {formatNumber(row.position, lang)}
      </div>
      <div role="cell" className="exhibit-labels">
        <span className="exhibit-label mono" data-testid="exhibit-label">
          {row.label}
        </span>
        {row.description && (
          <span className="exhibit-desc" title={row.description} data-testid="exhibit-description">
            {row.description}
          </span>
        )}
      </div>
      <div role="cell" className="exhibit-item">
        <a href={itemHref(row.itemId)} className="exhibit-name" title={row.name} tabIndex={tabIndex} data-testid="exhibit-name">
          {row.name}
        </a>
        <span className="exhibit-type">
          {row.mediaType} · {formatBytes(row.size, t, lang)}
        </span>
      </div>
      <div role="cell" className="exhibit-hashes">
        <HashLine kind={t('exhibits.original')} hash={row.sha256} copyLabel={t('exhibits.copyOriginal', { label: row.label })} testId="exhibit-sha256" tabbable={tabbable} />
        <HashLine
          kind={t('exhibits.shareable')}
          hash={row.shareable?.sha256 ?? null}
          copyLabel={t('exhibits.copyShareable', { label: row.label })}
          testId="exhibit-shareable-sha256"
          tabbable={tabbable}
          after={<ShareableBadge status={(row.shareable?.status ?? null) as ShareableStatus | null} />}
        />
      </div>
      <div role="cell" className="exhibit-actions">
        <button type="button" className="icon-button move" data-control="up" aria-label={t('exhibits.moveUp', { label: row.label })} title={t('exhibits.moveUp', { label: row.label })} disabled={isFirst} tabIndex={tabIndex} onClick={() => onMove(-1, 'up')}>
          <span aria-hidden="true">↑</span>
        </button>
        <button type="button" className="icon-button move" data-control="down" aria-label={t('exhibits.moveDown', { label: row.label })} title={t('exhibits.moveDown', { label: row.label })} disabled={isLast} tabIndex={tabIndex} onClick={() => onMove(1, 'down')}>
          <span aria-hidden="true">↓</span>
        </button>
        <button type="button" className="button secondary small" tabIndex={tabIndex} onClick={onEdit} aria-label={t('exhibits.editLabel', { label: row.label })}>
          {t('exhibits.edit')}
        </button>
        <button type="button" className="button secondary small" tabIndex={tabIndex} onClick={onUnlink} aria-label={t('exhibits.unlinkLabel', { label: row.label })}>
          {t('exhibits.unlink')}
        </button>
      </div>
    </>
  );
}
