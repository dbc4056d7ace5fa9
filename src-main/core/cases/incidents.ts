/** Incidents of a case: when (as stated, with its precision), where, what, and who was involved. */
import type { IncidentView } from '../../../src-shared/types/cases.ts';
import type { IncidentRow } from '../db/case-store.ts';
import { VaultError } from '../errors/vault-error.ts';
import type { Vault } from '../vault/vault.ts';
import { resolveCase, toIncidentView } from './case-records.ts';
import { parseIncidentDate } from './incident-dates.ts';
import { optionalText, positiveId } from './validate.ts';

export type NewIncident = {
  /** '2017-03', 'around 2018-07-20', '2017-03-01/2017-03-05', … (see incident-dates.ts). */
  date: string;
  place?: string | null;
  latitude?: number | null;
  longitude?: number | null;
  description?: string | null;
  /** People of the same case involved in the incident. */
  personIds?: readonly number[];
};

export function addIncident(vault: Vault, caseRef: string, input: NewIncident): IncidentView {
  if (typeof input.date !== 'string' || input.date.trim() === '') throw new VaultError('INPUT_ERROR', 'The incident date must not be empty.');
  const date = parseIncidentDate(input.date);
  const place = optionalText(input.place, 'The place', 1000);
  const description = optionalText(input.description, 'The description') ?? '';
  const { latitude, longitude } = checkCoordinates(input.latitude ?? null, input.longitude ?? null);
  const store = vault.store;
  return store.transaction(() => {
    const c = resolveCase(vault, caseRef);
    const personIds = casePersons(vault, c.id, c.number, input.personIds ?? []);
    const row: Omit<IncidentRow, 'id'> = {
      caseId: c.id,
      dateText: date.dateText,
      dateStart: date.dateStart,
      dateEnd: date.dateEnd,
      datePrecision: date.precision,
      place,
      latitude,
      longitude,
      description,
      createdAt: new Date().toISOString(),
    };
    const id = store.cases.insertIncident(row);
    store.cases.addIncidentPersons(id, personIds);
    vault.log('incident.added', { caseId: c.id, details: { caseNumber: c.number, incidentId: id, date: date.dateText, personIds } });
    return toIncidentView({ id, ...row }, personIds);
  });
}

/** Adds people of the incident's case to it. */
export function linkIncidentPersons(vault: Vault, incidentId: number, personIds: readonly number[]): IncidentView {
  const id = positiveId(incidentId, 'The incident id');
  const store = vault.store;
  return store.transaction(() => {
    const incident = store.cases.getIncident(id);
    if (!incident) throw new VaultError('NOT_FOUND', `No incident with id ${id}.`);
    const c = resolveCase(vault, incident.caseId);
    const ids = casePersons(vault, c.id, c.number, personIds);
    store.cases.addIncidentPersons(id, ids);
    vault.log('incident.updated', { caseId: c.id, details: { caseNumber: c.number, incidentId: id, personIds: ids } });
    return toIncidentView(incident, store.cases.incidentPersonIds(id));
  });
}

function casePersons(vault: Vault, caseId: string, caseNumber: string, personIds: readonly number[]): number[] {
  const ids = [...new Set(personIds.map((p) => positiveId(p, 'A person id')))];
  for (const p of ids) {
    if (!vault.store.cases.personInCase(caseId, p)) throw new VaultError('NOT_FOUND', `No person ${p} in case ${caseNumber}.`);
  }
  return ids;
}

function checkCoordinates(latitude: number | null, longitude: number | null): { latitude: number | null; longitude: number | null } {
  if (latitude === null && longitude === null) return { latitude, longitude };
  const ok =
    typeof latitude === 'number' && typeof longitude === 'number' && Math.abs(latitude) <= 90 && Math.abs(longitude) <= 180 && Number.isFinite(latitude + longitude);
  if (!ok) throw new VaultError('INPUT_ERROR', 'Coordinates need both a latitude (−90 to 90) and a longitude (−180 to 180).');
  return { latitude, longitude };
}
