import { useEffect, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { AppError } from '../../../src-shared/result.ts';
import type { CaseDetail, CasePersonView, IncidentView } from '../../../src-shared/types/cases.ts';
import type { CustodyEventView } from '../../../src-shared/types/items.ts';
import { invoke } from '../../api.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { formatDateTime, formatNumber, shortHash } from '../../format.ts';
import { itemHref } from '../../routes.ts';
import { byIncidentDate, IncidentSummary } from './IncidentsTab.tsx';

const EVENT_PAGE = 5000;
type Entry = { kind: 'incident'; at: string; incident: IncidentView } | { kind: 'event'; at: string; event: CustodyEventView };
type Filter = 'all' | 'incident' | 'event';

/** All the custody events of the case, oldest first (a case with thousands of exhibits has as many). */
function useCaseEvents(caseId: string): { events: CustodyEventView[] | null; error: AppError | null } {
  const [state, setState] = useState<{ events: CustodyEventView[] | null; error: AppError | null }>({ events: null, error: null });
  useEffect(() => {
    let live = true;
    void (async () => {
      const all: CustodyEventView[] = [];
      for (let offset = 0; ; offset += EVENT_PAGE) {
        const page = await invoke('cases:events', { caseId, offset, limit: EVENT_PAGE });
        if (!live) return;
        if (!page.ok) {
          setState({ events: null, error: page.error });
          return;
        }
        all.push(...page.value);
        if (page.value.length < EVENT_PAGE) break;
      }
      setState({ events: all, error: null });
    })();
    return () => {
      live = false;
    };
  }, [caseId]);
  return state;
}

/**
 * Incidents (by the first day their date covers) and the record's custody events (by when they
 * happened) in one chronological list; on the same day an incident comes first.
 */
function mergeTimeline(incidents: readonly IncidentView[], events: readonly CustodyEventView[]): Entry[] {
  const fromIncidents: Entry[] = [...incidents].sort(byIncidentDate).map((incident) => ({ kind: 'incident', at: incident.dateStart, incident }));
  const fromEvents: Entry[] = events.map((event) => ({ kind: 'event', at: event.at, event }));
  const merged: Entry[] = [];
  let i = 0;
  let e = 0;
  while (i < fromIncidents.length || e < fromEvents.length) {
    const a = fromIncidents[i];
    const b = fromEvents[e];
    if (a && (!b || a.at.slice(0, 10) <= b.at.slice(0, 10))) {
      merged.push(a);
      i++;
    } else if (b) {
      merged.push(b);
      e++;
    }
  }
  return merged;
}

export function TimelineTab({ detail }: { detail: CaseDetail }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { events, error } = useCaseEvents(detail.id);
  const [filter, setFilter] = useState<Filter>('all');
  const scroller = useRef<HTMLDivElement>(null);
  const all = events ? mergeTimeline(detail.incidents, events) : [];
  const entries = filter === 'all' ? all : all.filter((x) => x.kind === filter);
  // Entries differ in height (an incident's description wraps): each is measured once rendered.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({ count: entries.length, getScrollElement: () => scroller.current, estimateSize: () => 64, overscan: 8 });
  const counts: Record<Filter, number> = { all: all.length, incident: detail.incidents.length, event: events?.length ?? 0 };

  return (
    <div className="timeline-tab">
      <h2 id="timeline-title">{t('timeline.title')}</h2>
      <p className="help">{t('timeline.intro')}</p>
      <div className="filter-bar" role="group" aria-label={t('timeline.filterLabel')}>
        {(['all', 'incident', 'event'] as const).map((name) => (
          <button key={name} type="button" className="filter-chip" aria-pressed={filter === name} onClick={() => setFilter(name)}>
            {t(`timeline.filters.${name}`)} <span className="chip-count">{formatNumber(counts[name], lang)}</span>
          </button>
        ))}
      </div>
      {error && <ErrorBanner error={error} />}
      {!events && !error && <p aria-busy="true">{t('timeline.loading')}</p>}
      {events && entries.length === 0 && <p className="help empty-results">{t('timeline.empty')}</p>}
      {entries.length > 0 && (
        <div ref={scroller} className="case-timeline-scroller" tabIndex={0} role="region" aria-labelledby="timeline-title">
          <ol className="case-timeline" style={{ height: virtualizer.getTotalSize() }} data-testid="case-timeline">
            {virtualizer.getVirtualItems().map((v) => {
              const entry = entries[v.index]!;
              return (
                <li
                  key={v.key}
                  ref={virtualizer.measureElement}
                  data-index={v.index}
                  className={`case-timeline-entry ${entry.kind}`}
                  style={{ transform: `translateY(${v.start}px)` }}
                  data-testid="timeline-entry"
                  data-kind={entry.kind}
                >
                  {entry.kind === 'incident' ? <IncidentEntry incident={entry.incident} persons={detail.persons} /> : <EventEntry event={entry.event} persons={detail.persons} />}
                </li>
              );
            })}
          </ol>
        </div>
      )}
    </div>
  );
}

function IncidentEntry({ incident, persons }: { incident: IncidentView; persons: readonly CasePersonView[] }) {
  const { t } = useTranslation();
  return (
    <>
      <span className="entry-kind incident">{t('timeline.incident')}</span>
      <div className="entry-body">
        <IncidentSummary incident={incident} persons={persons} />
      </div>
    </>
  );
}

function EventEntry({ event, persons }: { event: CustodyEventView; persons: readonly CasePersonView[] }) {
  const { t, i18n } = useTranslation();
  const facts = eventFacts(event, persons, t);
  return (
    <>
      <span className="entry-kind event">{t('timeline.event')}</span>
      <div className="entry-body">
        <div className="entry-line">
          <time dateTime={event.at} title={event.at} className="entry-time">
            {formatDateTime(event.at, i18n.language)}
          </time>
          <span className="entry-action" data-action={event.action}>
            {t(`custody.actions.${event.action.replace(/\./g, '_')}`, { defaultValue: event.action })}
          </span>
          {facts && <span className="entry-facts">{facts}</span>}
        </div>
        <div className="entry-line muted small-text">
          <span>
            {t('timeline.by')} {event.actor}
          </span>
          {event.itemId && (
            <a href={itemHref(event.itemId)} className={event.itemName ? 'break' : 'mono'}>
              {event.itemName ?? event.itemId}
            </a>
          )}
          <code className="entry-hash" title={event.hash}>
            #{event.seq} · {shortHash(event.hash)}
          </code>
        </div>
      </div>
    </>
  );
}

/**
 * What the event's details say that a reader needs: the exhibit label, the person's pseudonym,
 * the tag, the incident's date, the reason. Never an identity: the log holds none.
 */
function eventFacts(event: CustodyEventView, persons: readonly CasePersonView[], t: TFunction): string {
  const d = (typeof event.details === 'object' && event.details !== null ? event.details : {}) as Record<string, unknown>;
  const text = (key: string): string | null => (typeof d[key] === 'string' || typeof d[key] === 'number' ? String(d[key]) : null);
  const parts: string[] = [];
  const number = text('number');
  if (number) parts.push(text('previousNumber') ? `${text('previousNumber')} → ${number}` : number);
  const label = text('label');
  const previous = text('previousLabel');
  if (label) parts.push(previous ? `${previous} → ${label}` : label);
  if (text('from') && text('to')) parts.push(t('timeline.moved', { from: text('from'), to: text('to') }));
  const personId = typeof d['personId'] === 'number' ? d['personId'] : null;
  const pseudonym = text('pseudonym') ?? (personId !== null ? (persons.find((p) => p.id === personId)?.pseudonym ?? null) : null);
  if (pseudonym) parts.push(pseudonym);
  if (text('role')) parts.push(t(`people.roles.${text('role')}`, { defaultValue: text('role') ?? '' }));
  if (text('tag')) parts.push(`“${text('tag')}”`);
  if (event.action.startsWith('incident.') && text('date')) parts.push(text('date')!);
  if (Array.isArray(d['fields'])) parts.push(d['fields'].map((f) => t(`cases.fields.${String(f)}`, { defaultValue: String(f) })).join(', '));
  if (text('status')) parts.push(t(`cases.status.${text('status')}`, { defaultValue: text('status') ?? '' }));
  if (text('reason')) parts.push(t('timeline.reason', { reason: text('reason') }));
  return parts.join(' · ');
}
