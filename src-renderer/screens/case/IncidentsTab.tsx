import { useEffect, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppError } from '../../../src-shared/result.ts';
import type { CaseDetail, CasePersonView, IncidentView } from '../../../src-shared/types/cases.ts';
import { invoke } from '../../api.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { formatNumber } from '../../format.ts';
import { useFocusLater } from '../../use-focus-later.ts';
import { CoreMessage } from './CoreMessage.tsx';
import { TextField } from './fields.tsx';

/** Earliest first by the first day the date covers; a vaguer date after a precise one on the same day. */
export function byIncidentDate(a: IncidentView, b: IncidentView): number {
  return a.dateStart.localeCompare(b.dateStart) || a.dateEnd.localeCompare(b.dateEnd) || a.id - b.id;
}

export function IncidentsTab({ detail, onChanged }: { detail: CaseDetail; onChanged: () => Promise<void> }) {
  const { t } = useTranslation();
  const focusLater = useFocusLater();
  const [adding, setAdding] = useState(false);
  const [notice, setNotice] = useState('');
  const incidents = [...detail.incidents].sort(byIncidentDate);
  return (
    <div className="incidents-tab">
      <div className="section-head">
        <h2 id="incidents-title">{t('incidents.title')}</h2>
        {!adding && (
          <button type="button" className="button" id="incidents-add" onClick={() => setAdding(true)}>
            {t('incidents.add')}
          </button>
        )}
      </div>
      <p role="status" className="save-status tab-notice">
        {notice}
      </p>
      {adding && (
        <AddIncidentForm
          caseId={detail.id}
          persons={detail.persons}
          onCancel={() => {
            setAdding(false);
            focusLater('incidents-add');
          }}
          onAdded={(incident) => {
            setAdding(false);
            setNotice(t('incidents.added', { date: incident.dateText }));
            void onChanged();
            focusLater('incidents-add');
          }}
        />
      )}
      {incidents.length === 0 ? (
        <p className="help empty-results">{t('incidents.empty')}</p>
      ) : (
        <ol className="incident-list" aria-labelledby="incidents-title" data-testid="incident-list">
          {incidents.map((incident) => (
            <li key={incident.id} className="incident" data-testid="incident">
              <IncidentSummary incident={incident} persons={detail.persons} />
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

/** When, where, what and who: shared with the timeline. */
export function IncidentSummary({ incident, persons }: { incident: IncidentView; persons: readonly CasePersonView[] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const names = incident.personIds.map((id) => persons.find((p) => p.id === id)?.pseudonym).filter((n): n is string => n !== undefined);
  const fmt = (n: number) => new Intl.NumberFormat(lang, { maximumFractionDigits: 6 }).format(n);
  return (
    <>
      <div className="incident-when">
        <span className="incident-date" data-testid="incident-date">
          {incident.dateText}
        </span>
        <span className="precision-chip">{t(`incidents.precision.${incident.precision}`)}</span>
      </div>
      {(incident.place || incident.latitude !== null) && (
        <div className="incident-where">
          {incident.place}
          {incident.latitude !== null && incident.longitude !== null && (
            <span className="muted mono small-text">
              {incident.place ? ' · ' : ''}
              {fmt(incident.latitude)}, {fmt(incident.longitude)}
            </span>
          )}
        </div>
      )}
      {incident.description && <p className="incident-description pre-line">{incident.description}</p>}
      {names.length > 0 && (
        <p className="incident-people small-text">
          {t('incidents.involved')} {names.join(', ')}
        </p>
      )}
    </>
  );
}

type Problems = Partial<Record<'date' | 'latitude' | 'longitude', ReactNode>>;

/** A coordinate typed with a comma or a point, within ±limit; null when empty, NaN when unusable. */
function coordinate(text: string, limit: number): number | null {
  const s = text.trim().replace(',', '.');
  if (!s) return null;
  const n = /^[+\-−]?\d+(\.\d+)?$/u.test(s) ? Number(s.replace('−', '-')) : NaN;
  return Math.abs(n) <= limit ? n : NaN;
}

function AddIncidentForm({
  caseId,
  persons,
  onAdded,
  onCancel,
}: {
  caseId: string;
  persons: readonly CasePersonView[];
  onAdded(incident: IncidentView): void;
  onCancel(): void;
}) {
  const { t, i18n } = useTranslation();
  const focusLater = useFocusLater();
  const [date, setDate] = useState('');
  const [place, setPlace] = useState('');
  const [latitude, setLatitude] = useState('');
  const [longitude, setLongitude] = useState('');
  const [description, setDescription] = useState('');
  const [involved, setInvolved] = useState<ReadonlySet<number>>(new Set());
  const [problems, setProblems] = useState<Problems>({});
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => document.getElementById('incident-date')?.focus(), []);
  const edited = (field: keyof Problems) => setProblems((p) => ({ ...p, [field]: undefined }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const found: Problems = {};
    if (!date.trim()) found.date = t('incidents.dateMissing');
    const lat = coordinate(latitude, 90);
    const lon = coordinate(longitude, 180);
    if (Number.isNaN(lat)) found.latitude = t('incidents.latitudeInvalid', { n: formatNumber(90, i18n.language) });
    if (Number.isNaN(lon)) found.longitude = t('incidents.longitudeInvalid', { n: formatNumber(180, i18n.language) });
    if (!found.latitude && !found.longitude && (lat === null) !== (lon === null)) found[lat === null ? 'latitude' : 'longitude'] = t('incidents.coordinatesPair');
    setProblems(found);
    const first = (['date', 'latitude', 'longitude'] as const).find((k) => found[k]);
    if (first) {
      focusLater(`incident-${first}`);
      return;
    }
    setBusy(true);
    const result = await invoke('cases:add-incident', {
      caseId,
      date: date.trim(),
      place: place.trim() || null,
      latitude: lat,
      longitude: lon,
      description: description.trim() || null,
      personIds: persons.filter((p) => involved.has(p.id)).map((p) => p.id),
    });
    setBusy(false);
    if (result.ok) onAdded(result.value);
    else if (result.error.code === 'INPUT_ERROR' && /date/i.test(result.error.message)) {
      // The core says exactly which forms it reads; that is the most useful message here.
      setProblems({ date: <CoreMessage error={result.error} lead={t('incidents.dateNotUnderstood')} /> });
      focusLater('incident-date');
    } else setError(result.error);
  };

  const toggle = (id: number) =>
    setInvolved((s) => {
      const next = new Set(s);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  return (
    <form className="panel incident-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="incident-form-title" data-testid="incident-form">
      <h3 id="incident-form-title">{t('incidents.formTitle')}</h3>
      <div className="form-grid">
        <TextField
          id="incident-date"
          label={t('incidents.date')}
          value={date}
          onChange={(v) => {
            setDate(v);
            edited('date');
          }}
          required
          maxLength={100}
          help={t('incidents.dateHelp')}
          error={problems.date}
          className="span-2"
        />
        <TextField id="incident-place" label={t('incidents.place')} value={place} onChange={setPlace} maxLength={1000} />
        <div className="coordinates">
          <TextField
            id="incident-latitude"
            label={t('incidents.latitude')}
            value={latitude}
            onChange={(v) => {
              setLatitude(v);
              edited('latitude');
            }}
            inputMode="decimal"
            placeholder="43.3178"
            error={problems.latitude}
          />
          <TextField
            id="incident-longitude"
            label={t('incidents.longitude')}
            value={longitude}
            onChange={(v) => {
              setLongitude(v);
              edited('longitude');
            }}
            inputMode="decimal"
            placeholder="45.6981"
            error={problems.longitude}
          />
        </div>
        <TextField id="incident-description" label={t('incidents.description')} value={description} onChange={setDescription} rows={3} className="span-all" />
      </div>
      {persons.length > 0 && (
        <fieldset className="people-choice">
          <legend>{t('incidents.people')}</legend>
          {persons.map((p) => (
            <label key={p.id} className="checkbox-chip">
              <input type="checkbox" checked={involved.has(p.id)} onChange={() => toggle(p.id)} />
              {p.pseudonym}
            </label>
          ))}
        </fieldset>
      )}
      {error && <ErrorBanner error={error} />}
      <div className="actions">
        <button type="submit" className="button" disabled={busy}>
          {t('incidents.save')}
        </button>
        <button type="button" className="button secondary" onClick={onCancel}>
          {t('incidents.cancel')}
        </button>
      </div>
    </form>
  );
}
