import { useCallback, useDeferredValue, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustodyEventView, ItemDetail } from '../../src-shared/types/items.ts';
import type { ShareableDetail } from '../../src-shared/types/shareable.ts';
import { invoke } from '../api.ts';
import { CopyButton } from '../components/CopyButton.tsx';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import { formatBytes, formatDateTime, formatNumber, shortHash } from '../format.ts';
import { hrefFor } from '../routes.ts';
import { useQuery } from '../use-query.ts';
import { Annotations } from '../components/Annotations.tsx';
import { ItemCasesSection } from './item/ItemCasesSection.tsx';
import { ShareableSection } from './item/ShareableSection.tsx';

export function ItemDetailScreen({ itemId }: { itemId: string }) {
  const { t } = useTranslation();
  const [state] = useQuery('items:get', { id: itemId });
  // After an action (copy made again, override, save) the item is read again without a loading flash.
  const [fresh, setFresh] = useState<ItemDetail | null>(null);
  const refresh = useCallback(async () => {
    const result = await invoke('items:get', { id: itemId });
    if (result.ok) setFresh(result.value);
  }, [itemId]);
  const back = (
    <a className="back-link" href={hrefFor('items')}>
      ← {t('detail.back')}
    </a>
  );
  if (state.status === 'loading') {
    return (
      <section>
        {back}
        <p aria-busy="true">{t('detail.loading')}</p>
      </section>
    );
  }
  if (!state.result.ok) {
    return (
      <section>
        {back}
        <h1>{t('detail.notFoundTitle')}</h1>
        <ErrorBanner error={state.result.error} context="detail.errors" />
      </section>
    );
  }
  return (
    <section className="item-detail">
      {back}
      <ItemView item={fresh?.id === itemId ? fresh : state.result.value} onChanged={refresh} />
    </section>
  );
}

function ItemView({ item, onChanged }: { item: ItemDetail; onChanged: () => Promise<void> }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  type Fact = [key: string, value: ReactNode, testId?: string];
  const facts: Fact[] = [
    ['id', <span className="mono">{item.id}</span>, 'detail-id'],
    ['size', <>{formatBytes(item.size, t, lang)} <span className="muted">({t('detail.bytes', { n: formatNumber(item.size, lang) })})</span></>, 'detail-size'],
    ['type', <span className="mono">{item.mediaType}</span>, 'detail-type'],
    ['path', <span className="mono break">{item.originalPath}</span>, 'detail-path'],
    ...(item.wasSymlink
      ? [['symlink', <span className="mono break">{item.symlinkTarget ?? t('detail.symlinkUnknown')}</span>, 'detail-symlink'] satisfies Fact]
      : []),
    ['ingestedAt', <Time iso={item.ingestedAt} lang={lang} />, 'detail-ingested'],
    ['modified', <Time iso={item.fileMtime} lang={lang} />],
    ['changed', <Time iso={item.fileCtime} lang={lang} />],
    ['created', <Time iso={item.fileBirthtime} lang={lang} />],
    ['operator', item.operator, 'detail-operator'],
    ['sourceNote', item.sourceNote ?? <span className="muted">{t('detail.none')}</span>, 'detail-source-note'],
  ];
  return (
    <>
      <h1 className="break">{item.name}</h1>
      <div className="hash-box">
        <div className="hash-label" id="detail-hash-label">
          {t('detail.sha256')}
        </div>
        <code className="hash-value" data-testid="detail-sha256" aria-labelledby="detail-hash-label">
          {item.sha256}
        </code>
        <CopyButton text={item.sha256} label={t('detail.copyHash')} />
      </div>
      <dl className="facts two-col">
        {facts.map(([key, value, testId]) => (
          <div key={key}>
            <dt>{t(`detail.facts.${key}`)}</dt>
            <dd data-testid={testId}>{value}</dd>
          </div>
        ))}
      </dl>
      <ShareableSection item={item} onChanged={onChanged} />
      <ItemCasesSection itemId={item.id} onChanged={() => void onChanged()} />
      <Annotations target={{ itemId: item.id }} idPrefix="item-annotations" onChanged={() => void onChanged()} />
      <MetadataTable metadata={item.metadata} shareable={item.shareable} />
      <CustodyTimeline events={item.events} />
    </>
  );
}

function Time({ iso, lang }: { iso: string | null; lang: string }) {
  const { t } = useTranslation();
  if (!iso) return <span className="muted">{t('detail.notRecorded')}</span>;
  return (
    <time dateTime={iso} title={iso}>
      {formatDateTime(iso, lang)}
    </time>
  );
}

interface MetaRow {
  group: string;
  tag: string;
  value: string;
  /** ExifTool's numeric form ("Group:Tag#") where it differs from the readable one. */
  numeric: string | null;
}

/** Control characters (a comment's trailing NUL, say) would show as stray glyphs: they are left out. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
const display = (raw: unknown): string => (typeof raw === 'string' ? raw : JSON.stringify(raw)).replace(CONTROL, '');

function metadataRows(metadata: Record<string, unknown>): MetaRow[] {
  const rows = new Map<string, MetaRow>();
  const numerics: [string, string][] = [];
  for (const [key, raw] of Object.entries(metadata)) {
    if (key.endsWith('#')) {
      numerics.push([key.slice(0, -1), display(raw)]);
      continue;
    }
    const colon = key.indexOf(':');
    rows.set(key, { group: colon >= 0 ? key.slice(0, colon) : '', tag: colon >= 0 ? key.slice(colon + 1) : key, value: display(raw), numeric: null });
  }
  for (const [key, value] of numerics) {
    const row = rows.get(key);
    if (row) row.numeric = value;
    else {
      const colon = key.indexOf(':');
      rows.set(`${key}#`, { group: colon >= 0 ? key.slice(0, colon) : '', tag: colon >= 0 ? key.slice(colon + 1) : key, value: '', numeric: value });
    }
  }
  return [...rows.values()];
}

type CopyState = 'removed' | 'kept' | 'file';

/** Names the strippers give where ExifTool's differ (a JPEG COM segment is ExifTool's File:Comment). */
const REMOVED_ALIASES: Record<string, string> = { 'JPEG:Comment': 'File:Comment' };
const metadataName = (name: string): string => REMOVED_ALIASES[name] ?? name;

/** Groups that describe the file rather than travel inside it; the copy has its own. */
const FILE_GROUPS = new Set(['File', 'System', 'ExifTool']);

/**
 * What became of an original tag in the shareable copy. Composite tags are computed from others
 * (GPSPosition from GPSLatitude…), so one counts as removed when a tag of the same name, or any
 * GPS tag behind a GPS composite, was removed.
 */
function copyStateOf(row: MetaRow, removedNames: ReadonlySet<string>, removedTags: ReadonlySet<string>, gpsRemoved: boolean): CopyState {
  if (removedNames.has(`${row.group}:${row.tag}`)) return 'removed';
  if (row.group === 'Composite' && (removedTags.has(row.tag) || (gpsRemoved && row.tag.startsWith('GPS')))) return 'removed';
  if (FILE_GROUPS.has(row.group)) return 'file';
  return 'kept';
}

function MetadataTable({ metadata, shareable }: { metadata: Record<string, unknown>; shareable: ShareableDetail | null }) {
  const { t, i18n } = useTranslation();
  const [filter, setFilter] = useState('');
  const query = useDeferredValue(filter.trim().toLowerCase());
  const all = useMemo(() => metadataRows(metadata), [metadata]);
  const removed = useMemo(() => shareable?.removed ?? [], [shareable]);
  const withCopy = shareable?.status === 'stripped';
  const states = useMemo(() => {
    const names = new Set(removed.map((r) => metadataName(r.name)));
    const tags = new Set(removed.map((r) => r.name.slice(r.name.indexOf(':') + 1)));
    const gps = removed.some((r) => r.name.startsWith('GPS:') || r.name.includes(':GPS'));
    return new Map(all.map((row) => [row, copyStateOf(row, names, tags, gps)]));
  }, [all, removed]);
  const alsoRemoved = useMemo(() => {
    const keys = new Set(Object.keys(metadata));
    return removed.filter((r) => !keys.has(metadataName(r.name)));
  }, [metadata, removed]);
  const shown = useMemo(
    () => (query ? all.filter((r) => `${r.group}\u0000${r.tag}\u0000${r.value}\u0000${r.numeric ?? ''}`.toLowerCase().includes(query)) : all),
    [all, query],
  );
  const lang = i18n.language;
  const removedShown = withCopy ? all.filter((r) => states.get(r) === 'removed').length : 0;
  return (
    <section className="detail-section" aria-labelledby="metadata-title">
      <div className="section-head">
        <h2 id="metadata-title">{withCopy ? t('detail.metadataCompareTitle') : t('detail.metadataTitle')}</h2>
        {all.length > 0 && (
          <div className="filter-field">
            <label htmlFor="metadata-filter">{t('detail.metadataFilter')}</label>
            <input id="metadata-filter" type="search" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder={t('detail.metadataFilterPlaceholder')} />
          </div>
        )}
      </div>
      {withCopy && all.length > 0 && (
        <p className="help">
          <span className="legend-removed">{t('detail.legendRemoved', { n: formatNumber(removedShown, lang) })}</span> {t('detail.legendKept')}
        </p>
      )}
      {all.length === 0 ? (
        <p className="help">{t('detail.metadataEmpty')}</p>
      ) : (
        <>
          <p className="help" role="status">
            {t('detail.metadataCount', { shown: formatNumber(shown.length, lang), total: formatNumber(all.length, lang) })}
          </p>
          {shown.length > 0 && (
            <table className="data-table meta-table" data-testid="metadata-table">
              <thead>
                <tr>
                  <th scope="col">{t('detail.group')}</th>
                  <th scope="col">{t('detail.tag')}</th>
                  <th scope="col">{withCopy ? t('detail.originalValue') : t('detail.value')}</th>
                  {withCopy && <th scope="col">{t('detail.inCopy')}</th>}
                </tr>
              </thead>
              <tbody>
                {shown.map((row, i) => {
                  const state = withCopy ? states.get(row) : undefined;
                  return (
                    <tr key={i} className={state === 'removed' ? 'meta-removed' : undefined} data-copy={state}>
                      <td>{row.group || '—'}</td>
                      <td>{row.tag}</td>
                      <td className="break">
                        {row.value}
                        {row.numeric !== null && (
                          <span className="numeric-value">
                            {row.value ? ' ' : ''}({t('detail.numeric')}: {row.numeric})
                          </span>
                        )}
                      </td>
                      {state && (
                        <td className={`copy-state ${state}`}>
                          {state === 'removed' && <span aria-hidden="true">✗ </span>}
                          {t(`detail.copyStates.${state}`)}
                        </td>
                      )}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </>
      )}
      {alsoRemoved.length > 0 && (
        <div className="also-removed">
          <h3 id="also-removed-title">{t('detail.alsoRemoved')}</h3>
          <p className="help">{t('detail.alsoRemovedHelp')}</p>
          <table className="data-table meta-table" aria-labelledby="also-removed-title" data-testid="also-removed">
            <thead>
              <tr>
                <th scope="col">{t('detail.tag')}</th>
                <th scope="col">{t('detail.value')}</th>
              </tr>
            </thead>
            <tbody>
              {alsoRemoved.map((r, i) => (
                <tr key={i} className="meta-removed">
                  <td>{r.name}</td>
                  <td className="break">{display(r.value)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function CustodyTimeline({ events }: { events: CustodyEventView[] }) {
  const { t, i18n } = useTranslation();
  return (
    <section className="detail-section" aria-labelledby="custody-title">
      <h2 id="custody-title">{t('detail.custodyTitle')}</h2>
      <p className="help">{t('detail.custodyIntro')}</p>
      {events.length === 0 ? (
        <p className="help">{t('detail.custodyEmpty')}</p>
      ) : (
        <ol className="timeline" data-testid="custody-timeline">
          {events.map((e) => (
            <li key={e.seq} className="timeline-event" data-testid="custody-event">
              <span className="timeline-seq">#{e.seq}</span>
              <time dateTime={e.at} title={e.at} className="timeline-time">
                {formatDateTime(e.at, i18n.language)}
              </time>
              <span className="timeline-what">
                <span className="timeline-action" data-action={e.action}>
                  {t(`custody.actions.${e.action.replace(/\./g, '_')}`, { defaultValue: e.action })}
                </span>
                <span className="timeline-actor">
                  {t('detail.by')} {e.actor}
                </span>
              </span>
              <code className="timeline-hash" title={e.hash}>
                {shortHash(e.hash)}
              </code>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
