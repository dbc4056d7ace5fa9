/**
 * The SQL of case records (schema 3): cases, people, incidents, exhibits, tags, notes and search.
 * Part of the vault's store (`VaultStore.cases`), on the same connection, so its writes join the
 * same transactions as the custody events that record them. Rules (uniqueness messages, label
 * numbering, custody) live in src-main/core/cases; this file only reads and writes rows.
 *
 * Nothing here reads `person_identities` except readIdentity: lists, case views and search never
 * join it.
 */
import type { SqliteDatabase } from './open-database.ts';
import type { CustodyEventRow } from './vault-store.ts';

export type CaseRow = {
  id: string;
  number: string;
  title: string;
  forum: string | null;
  jurisdiction: string | null;
  status: string;
  openedOn: string | null;
  filedOn: string | null;
  description: string | null;
  notes: string | null;
  exhibitPattern: string;
  nextExhibit: number;
  createdAt: string;
  updatedAt: string;
};

export type CaseListRow = Omit<CaseRow, 'description' | 'notes' | 'exhibitPattern' | 'nextExhibit'> & {
  exhibitCount: number;
  personCount: number;
  incidentCount: number;
};

/** Columns updateCase may change. */
export type CasePatch = Partial<Omit<CaseRow, 'id' | 'createdAt'>>;

export type ExhibitRow = {
  id: number;
  caseId: string;
  itemId: string;
  label: string;
  position: number;
  description: string | null;
  linkedAt: string;
};

/** An exhibit with what a table of exhibits shows about its item. */
export type ExhibitListRow = ExhibitRow & {
  name: string;
  mediaType: string;
  size: number;
  sha256: string;
  shareableStatus: string | null;
  shareableSha256: string | null;
  incidentIds: number[];
  personIds: number[];
};

export type PersonRow = { id: number; pseudonym: string; identityRecorded: boolean; createdAt: string };
export type CasePersonRow = PersonRow & { roles: string[] };
export type IdentityRow = { realName: string | null; contacts: string | null; notes: string | null; updatedAt: string };

export type IncidentRow = {
  id: number;
  caseId: string;
  dateText: string;
  dateStart: string;
  dateEnd: string;
  datePrecision: string;
  place: string | null;
  latitude: number | null;
  longitude: number | null;
  description: string;
  createdAt: string;
};

export type NoteRow = { id: number; itemId: string | null; caseId: string | null; text: string; author: string; createdAt: string };

export type ItemCaseRow = { caseId: string; number: string; title: string; label: string; position: number };

export type SearchKindName = 'case' | 'person' | 'incident' | 'item' | 'note';

/** A search, already made safe: `match` is valid FTS5 syntax built by cases/search-query.ts. */
export type SearchSpec = {
  match: string;
  kinds: readonly SearchKindName[];
  caseId?: string;
  mediaType?: { exact: string } | { major: string };
  from?: string;
  to?: string;
  shareable?: string;
  tag?: string;
  /** Hits returned per kind at most. */
  limitPerKind: number;
};

export type SearchHitRow = { docId: number; kind: SearchKindName; ref: string; score: number; title: string; body: string; tags: string; meta: string };

export interface CaseStore {
  insertCase(row: CaseRow): void;
  getCase(id: string): CaseRow | undefined;
  /** Case numbers compare without regard to ASCII case. */
  findCaseByNumber(number: string): CaseRow | undefined;
  updateCase(id: string, patch: CasePatch): void;
  /** Ordered by number. */
  listCases(offset: number, limit: number): CaseListRow[];
  countCases(): number;
  caseCounts(id: string): { exhibitCount: number; personCount: number; incidentCount: number };

  insertExhibit(row: Omit<ExhibitRow, 'id'>): number;
  getExhibit(caseId: string, itemId: string): ExhibitRow | undefined;
  /** Labels compare without regard to ASCII case. */
  findExhibitByLabel(caseId: string, label: string): ExhibitRow | undefined;
  countExhibits(caseId: string): number;
  maxExhibitPosition(caseId: string): number;
  /** In position order. */
  listExhibits(caseId: string, offset: number, limit: number): ExhibitListRow[];
  /** Item ids in position order. */
  exhibitItemIds(caseId: string): string[];
  deleteExhibit(id: number): void;
  /** Adds `delta` to the position of the case's exhibits with from ≤ position ≤ to. */
  shiftExhibits(caseId: string, from: number, to: number, delta: number): void;
  setExhibitPosition(id: number, position: number): void;
  updateExhibit(id: number, patch: { label?: string; description?: string | null }): void;
  setExhibitIncidents(exhibitId: number, incidentIds: readonly number[]): void;
  setExhibitPersons(exhibitId: number, personIds: readonly number[]): void;
  casesForItem(itemId: string): ItemCaseRow[];

  insertPerson(pseudonym: string, createdAt: string): number;
  getPerson(id: number): PersonRow | undefined;
  /** Inserts or replaces the protected block. */
  writeIdentity(personId: number, identity: Omit<IdentityRow, 'updatedAt'>, at: string): void;
  /** The one read of the protected block: only for the explicit, logged reveal. */
  readIdentity(personId: number): IdentityRow | undefined;
  /** False when the person already had that role in the case. */
  addCasePerson(caseId: string, personId: number, role: string, at: string): boolean;
  personInCase(caseId: string, personId: number): boolean;
  listCasePersons(caseId: string): CasePersonRow[];
  casesForPerson(personId: number): Array<{ id: string; number: string }>;

  insertIncident(row: Omit<IncidentRow, 'id'>): number;
  getIncident(id: number): IncidentRow | undefined;
  /** In date order. */
  listIncidents(caseId: string): IncidentRow[];
  addIncidentPersons(incidentId: number, personIds: readonly number[]): void;
  incidentPersonIds(incidentId: number): number[];

  /** False when the item already had the tag. */
  addItemTag(itemId: string, tag: string, at: string): boolean;
  removeItemTag(itemId: string, tag: string): boolean;
  itemTags(itemId: string): string[];
  addCaseTag(caseId: string, tag: string, at: string): boolean;
  removeCaseTag(caseId: string, tag: string): boolean;
  caseTags(caseId: string): string[];

  insertNote(row: Omit<NoteRow, 'id'>): number;
  getNote(id: number): NoteRow | undefined;
  /** Oldest first. */
  listNotes(target: { itemId: string } | { caseId: string }): NoteRow[];

  /** Custody events that name the case, in seq order. */
  listCaseEvents(caseId: string, offset: number, limit: number): CustodyEventRow[];

  /**
   * Best hits per kind (lowest bm25 score first), at most `limitPerKind` each: the best among the
   * newest 2,000 matches of each kind (all of them when there are fewer).
   */
  search(spec: SearchSpec): SearchHitRow[];
  /** The integrity-check command of FTS5: throws if the index and the documents disagree. */
  checkSearchIndex(): void;
}

type Guard = <T>(fn: () => T) => T;
type Params = Record<string, unknown>;

const CASE_COLUMNS = {
  id: 'id',
  number: 'number',
  title: 'title',
  forum: 'forum',
  jurisdiction: 'jurisdiction',
  status: 'status',
  openedOn: 'opened_on',
  filedOn: 'filed_on',
  description: 'description',
  notes: 'notes',
  exhibitPattern: 'exhibit_pattern',
  nextExhibit: 'next_exhibit',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
} as const satisfies Record<keyof CaseRow, string>;

const CASE_SELECT = Object.entries(CASE_COLUMNS)
  .map(([prop, col]) => (prop === col ? col : `${col} AS ${prop}`))
  .join(', ');

const EXHIBIT_SELECT = 'id, case_id AS caseId, item_id AS itemId, label, position, description, linked_at AS linkedAt';
const INCIDENT_SELECT =
  'id, case_id AS caseId, date_text AS dateText, date_start AS dateStart, date_end AS dateEnd, date_precision AS datePrecision, ' +
  'place, latitude, longitude, description, created_at AS createdAt';
const NOTE_SELECT = 'id, item_id AS itemId, case_id AS caseId, text, author, created_at AS createdAt';

/** bm25 weights for title, body, tags, meta, facets: a hit in a name or number counts most, one in metadata least. */
const BM25 = 'bm25(search_fts, 5.0, 1.0, 3.0, 0.5, 0.0)';

export function createCaseStore(db: SqliteDatabase, guard: Guard): CaseStore {
  // Prepared on first use: the store is created before anything asks, and some SQL is built per call.
  const prepare = (sql: string) => db.prepare<unknown[], unknown>(sql);
  const cache = new Map<string, ReturnType<typeof prepare>>();
  const q = (sql: string) => {
    let stmt = cache.get(sql);
    if (!stmt) {
      stmt = prepare(sql);
      cache.set(sql, stmt);
    }
    return stmt;
  };
  const all = <T>(sql: string, ...params: unknown[]): T[] => q(sql).all(...params) as T[];
  const get = <T>(sql: string, ...params: unknown[]): T | undefined => q(sql).get(...params) as T | undefined;
  const run = (sql: string, ...params: unknown[]) => q(sql).run(...params);
  const count = (sql: string, ...params: unknown[]): number => (q(sql).pluck().get(...params) as number | null) ?? 0;
  const ids = (text: string | null): number[] => (text ? text.split(',').map(Number) : []);

  const store: CaseStore = {
    insertCase: (row) =>
      guard(() => {
        const cols = Object.values(CASE_COLUMNS);
        run(`INSERT INTO cases (${cols.join(', ')}) VALUES (${Object.keys(CASE_COLUMNS).map((p) => `@${p}`).join(', ')})`, row);
      }),
    getCase: (id) => guard(() => get<CaseRow>(`SELECT ${CASE_SELECT} FROM cases WHERE id = ?`, id)),
    findCaseByNumber: (number) => guard(() => get<CaseRow>(`SELECT ${CASE_SELECT} FROM cases WHERE number = ?`, number)),
    updateCase: (id, patch) =>
      guard(() => {
        const props = Object.keys(patch).filter((p): p is keyof CasePatch => p in CASE_COLUMNS && p !== 'id' && p !== 'createdAt');
        if (props.length === 0) return;
        const sets = props.map((p) => `${CASE_COLUMNS[p]} = @${p}`).join(', ');
        const params: Params = { id };
        for (const p of props) params[p] = patch[p];
        run(`UPDATE cases SET ${sets} WHERE id = @id`, params);
      }),
    listCases: (offset, limit) =>
      guard(() =>
        all<CaseListRow>(
          `SELECT c.id, c.number, c.title, c.forum, c.jurisdiction, c.status, c.opened_on AS openedOn, c.filed_on AS filedOn,
                  c.created_at AS createdAt, c.updated_at AS updatedAt,
                  c.exhibit_count AS exhibitCount,
                  (SELECT count(DISTINCT person_id) FROM case_persons x WHERE x.case_id = c.id) AS personCount,
                  (SELECT count(*) FROM incidents x WHERE x.case_id = c.id) AS incidentCount
             FROM cases c ORDER BY c.number, c.id LIMIT ? OFFSET ?`,
          limit,
          offset,
        ),
      ),
    countCases: () => guard(() => count('SELECT count(*) FROM cases')),
    caseCounts: (id) =>
      guard(
        () =>
          get<{ exhibitCount: number; personCount: number; incidentCount: number }>(
            `SELECT (SELECT exhibit_count FROM cases WHERE id = @id) AS exhibitCount,
                    (SELECT count(DISTINCT person_id) FROM case_persons WHERE case_id = @id) AS personCount,
                    (SELECT count(*) FROM incidents WHERE case_id = @id) AS incidentCount`,
            { id },
          )!,
      ),

    insertExhibit: (row) =>
      guard(
        () =>
          Number(
            run(
              `INSERT INTO case_items (case_id, item_id, label, position, description, linked_at)
               VALUES (@caseId, @itemId, @label, @position, @description, @linkedAt)`,
              row,
            ).lastInsertRowid,
          ),
      ),
    getExhibit: (caseId, itemId) =>
      guard(() => get<ExhibitRow>(`SELECT ${EXHIBIT_SELECT} FROM case_items WHERE case_id = ? AND item_id = ?`, caseId, itemId)),
    findExhibitByLabel: (caseId, label) =>
      guard(() => get<ExhibitRow>(`SELECT ${EXHIBIT_SELECT} FROM case_items WHERE case_id = ? AND label = ?`, caseId, label)),
    countExhibits: (caseId) => guard(() => count('SELECT count(*) FROM case_items WHERE case_id = ?', caseId)),
    maxExhibitPosition: (caseId) => guard(() => count('SELECT max(position) FROM case_items WHERE case_id = ?', caseId)),
    listExhibits: (caseId, offset, limit) =>
      guard(() => {
        type Raw = Omit<ExhibitListRow, 'incidentIds' | 'personIds'> & { incidentIds: string | null; personIds: string | null };
        const rows = all<Raw>(
          `SELECT e.id, e.case_id AS caseId, e.item_id AS itemId, e.label, e.position, e.description, e.linked_at AS linkedAt,
                  i.original_name AS name, i.media_type AS mediaType, i.size, i.sha256,
                  s.status AS shareableStatus, s.sha256 AS shareableSha256,
                  (SELECT group_concat(incident_id) FROM exhibit_incidents WHERE case_item_id = e.id) AS incidentIds,
                  (SELECT group_concat(person_id) FROM exhibit_persons WHERE case_item_id = e.id) AS personIds
             FROM case_items e
             JOIN items i ON i.id = e.item_id
             LEFT JOIN shareable_copies s ON s.id = (SELECT max(id) FROM shareable_copies WHERE item_id = e.item_id)
            WHERE e.case_id = ? ORDER BY e.position LIMIT ? OFFSET ?`,
          caseId,
          limit,
          offset,
        );
        return rows.map((r) => ({ ...r, incidentIds: ids(r.incidentIds), personIds: ids(r.personIds) }));
      }),
    exhibitItemIds: (caseId) =>
      guard(() => q('SELECT item_id FROM case_items WHERE case_id = ? ORDER BY position').pluck().all(caseId) as string[]),
    deleteExhibit: (id) =>
      guard(() => {
        run('DELETE FROM case_items WHERE id = ?', id);
      }),
    shiftExhibits: (caseId, from, to, delta) =>
      guard(() => {
        run('UPDATE case_items SET position = position + ? WHERE case_id = ? AND position BETWEEN ? AND ?', delta, caseId, from, to);
      }),
    setExhibitPosition: (id, position) =>
      guard(() => {
        run('UPDATE case_items SET position = ? WHERE id = ?', position, id);
      }),
    updateExhibit: (id, patch) =>
      guard(() => {
        if (patch.label !== undefined) run('UPDATE case_items SET label = ? WHERE id = ?', patch.label, id);
        if (patch.description !== undefined) run('UPDATE case_items SET description = ? WHERE id = ?', patch.description, id);
      }),
    setExhibitIncidents: (exhibitId, incidentIds) =>
      guard(() => {
        run('DELETE FROM exhibit_incidents WHERE case_item_id = ?', exhibitId);
        for (const id of incidentIds) run('INSERT OR IGNORE INTO exhibit_incidents (case_item_id, incident_id) VALUES (?, ?)', exhibitId, id);
      }),
    setExhibitPersons: (exhibitId, personIds) =>
      guard(() => {
        run('DELETE FROM exhibit_persons WHERE case_item_id = ?', exhibitId);
        for (const id of personIds) run('INSERT OR IGNORE INTO exhibit_persons (case_item_id, person_id) VALUES (?, ?)', exhibitId, id);
      }),
    casesForItem: (itemId) =>
      guard(() =>
        all<ItemCaseRow>(
          `SELECT c.id AS caseId, c.number, c.title, e.label, e.position
             FROM case_items e JOIN cases c ON c.id = e.case_id WHERE e.item_id = ? ORDER BY c.number`,
          itemId,
        ),
      ),

    insertPerson: (pseudonym, createdAt) =>
      guard(() => Number(run('INSERT INTO persons (pseudonym, created_at) VALUES (?, ?)', pseudonym, createdAt).lastInsertRowid)),
    getPerson: (id) =>
      guard(() => {
        const r = get<{ id: number; pseudonym: string; identityRecorded: number; createdAt: string }>(
          'SELECT id, pseudonym, identity_recorded AS identityRecorded, created_at AS createdAt FROM persons WHERE id = ?',
          id,
        );
        return r && { ...r, identityRecorded: r.identityRecorded === 1 };
      }),
    writeIdentity: (personId, identity, at) =>
      guard(() => {
        run(
          `INSERT INTO person_identities (person_id, real_name, contacts, notes, updated_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (person_id) DO UPDATE SET real_name = excluded.real_name, contacts = excluded.contacts,
             notes = excluded.notes, updated_at = excluded.updated_at`,
          personId,
          identity.realName,
          identity.contacts,
          identity.notes,
          at,
        );
      }),
    readIdentity: (personId) =>
      guard(() =>
        get<IdentityRow>(
          'SELECT real_name AS realName, contacts, notes, updated_at AS updatedAt FROM person_identities WHERE person_id = ?',
          personId,
        ),
      ),
    addCasePerson: (caseId, personId, role, at) =>
      guard(
        () =>
          run('INSERT OR IGNORE INTO case_persons (case_id, person_id, role, added_at) VALUES (?, ?, ?, ?)', caseId, personId, role, at)
            .changes > 0,
      ),
    personInCase: (caseId, personId) =>
      guard(() => count('SELECT count(*) FROM case_persons WHERE case_id = ? AND person_id = ?', caseId, personId) > 0),
    listCasePersons: (caseId) =>
      guard(() =>
        all<{ id: number; pseudonym: string; identityRecorded: number; createdAt: string; roles: string }>(
          `SELECT p.id, p.pseudonym, p.identity_recorded AS identityRecorded, p.created_at AS createdAt, group_concat(cp.role) AS roles
             FROM case_persons cp JOIN persons p ON p.id = cp.person_id
            WHERE cp.case_id = ? GROUP BY p.id ORDER BY min(cp.added_at), p.id`,
          caseId,
        ).map((r) => ({ ...r, identityRecorded: r.identityRecorded === 1, roles: r.roles.split(',') })),
      ),
    casesForPerson: (personId) =>
      guard(() =>
        all<{ id: string; number: string }>(
          `SELECT c.id, c.number FROM cases c WHERE c.id IN (SELECT case_id FROM case_persons WHERE person_id = ?) ORDER BY c.number`,
          personId,
        ),
      ),

    insertIncident: (row) =>
      guard(
        () =>
          Number(
            run(
              `INSERT INTO incidents (case_id, date_text, date_start, date_end, date_precision, place, latitude, longitude, description, created_at)
               VALUES (@caseId, @dateText, @dateStart, @dateEnd, @datePrecision, @place, @latitude, @longitude, @description, @createdAt)`,
              row,
            ).lastInsertRowid,
          ),
      ),
    getIncident: (id) => guard(() => get<IncidentRow>(`SELECT ${INCIDENT_SELECT} FROM incidents WHERE id = ?`, id)),
    listIncidents: (caseId) =>
      guard(() => all<IncidentRow>(`SELECT ${INCIDENT_SELECT} FROM incidents WHERE case_id = ? ORDER BY date_start, date_end, id`, caseId)),
    addIncidentPersons: (incidentId, personIds) =>
      guard(() => {
        for (const id of personIds) run('INSERT OR IGNORE INTO incident_persons (incident_id, person_id) VALUES (?, ?)', incidentId, id);
      }),
    incidentPersonIds: (incidentId) =>
      guard(() => q('SELECT person_id FROM incident_persons WHERE incident_id = ? ORDER BY person_id').pluck().all(incidentId) as number[]),

    addItemTag: (itemId, tag, at) =>
      guard(() => run('INSERT OR IGNORE INTO item_tags (item_id, tag, tagged_at) VALUES (?, ?, ?)', itemId, tag, at).changes > 0),
    removeItemTag: (itemId, tag) => guard(() => run('DELETE FROM item_tags WHERE item_id = ? AND tag = ?', itemId, tag).changes > 0),
    itemTags: (itemId) => guard(() => q('SELECT tag FROM item_tags WHERE item_id = ? ORDER BY tag').pluck().all(itemId) as string[]),
    addCaseTag: (caseId, tag, at) =>
      guard(() => run('INSERT OR IGNORE INTO case_tags (case_id, tag, tagged_at) VALUES (?, ?, ?)', caseId, tag, at).changes > 0),
    removeCaseTag: (caseId, tag) => guard(() => run('DELETE FROM case_tags WHERE case_id = ? AND tag = ?', caseId, tag).changes > 0),
    caseTags: (caseId) => guard(() => q('SELECT tag FROM case_tags WHERE case_id = ? ORDER BY tag').pluck().all(caseId) as string[]),

    insertNote: (row) =>
      guard(
        () =>
          Number(
            run(
              'INSERT INTO notes (item_id, case_id, text, author, created_at) VALUES (@itemId, @caseId, @text, @author, @createdAt)',
              row,
            ).lastInsertRowid,
          ),
      ),
    getNote: (id) => guard(() => get<NoteRow>(`SELECT ${NOTE_SELECT} FROM notes WHERE id = ?`, id)),
    listNotes: (target) =>
      guard(() =>
        'itemId' in target
          ? all<NoteRow>(`SELECT ${NOTE_SELECT} FROM notes WHERE item_id = ? ORDER BY created_at, id`, target.itemId)
          : all<NoteRow>(`SELECT ${NOTE_SELECT} FROM notes WHERE case_id = ? ORDER BY created_at, id`, target.caseId),
      ),

    listCaseEvents: (caseId, offset, limit) =>
      guard(() =>
        all<CustodyEventRow>(
          `SELECT seq, at, actor, action, item_id AS itemId, case_id AS caseId, details_json AS detailsJson, prev_hash AS prevHash, hash
             FROM custody_events WHERE case_id = ? ORDER BY seq LIMIT ? OFFSET ?`,
          caseId,
          limit,
          offset,
        ),
      ),

    search: (spec) =>
      guard(() => {
        const hits: SearchHitRow[] = [];
        // A word in a large part of the vault is nearly a stop word: bm25 would cost a pass over
        // its whole doclist per kind for little order. Such searches list the newest matches.
        const broad =
          count(`SELECT count(*) FROM (SELECT rowid FROM search_fts WHERE search_fts MATCH ? LIMIT ${RANK_LIMIT + 1})`, matchFor(spec)) > RANK_LIMIT;
        for (const kind of spec.kinds) {
          const query = kindQuery(spec, kind, broad);
          if (!query) continue;
          const window = all<{ docId: number; score: number }>(query.sql, query.params);
          window.sort((a, b) => a.score - b.score || b.docId - a.docId);
          for (const { docId, score } of window.slice(0, spec.limitPerKind)) {
            const doc = get<{ ref: string; title: string; body: string; tags: string; meta: string }>(
              'SELECT ref, title, body, tags, meta FROM search_docs WHERE id = ?',
              docId,
            );
            if (doc) hits.push({ docId, kind, score, ...doc });
          }
        }
        return hits;
      }),
    checkSearchIndex: () =>
      guard(() => {
        db.prepare(`INSERT INTO search_fts (search_fts, rank) VALUES ('integrity-check', 1)`).run();
      }),
  };
  return store;
}

/** Document rowids carry their kind: kind × 2^40 + n, as migration 0003 lays them out. */
const KIND_NUMBERS: Record<SearchKindName, number> = { case: 1, person: 2, incident: 3, item: 4, note: 5 };
const KIND_SPAN = 2 ** 40;
/**
 * Matches ranked per kind: the newest RANK_WINDOW matching documents of the kind, ranked by bm25
 * (a full ranking up to that many). When more than RANK_LIMIT documents match in all, no bm25:
 * the newest matches come first. Either way the search says there is more, and the person narrows it.
 */
const RANK_WINDOW = 2000;
const RANK_LIMIT = 20_000;
/** The user's words search the text columns only, never the facet tokens. */
const textOnly = (match: string): string => `{title body tags meta} : (${match})`;
const hexToken = (prefix: string, value: string): string => `"${prefix}${Buffer.from(value, 'utf8').toString('hex')}"`;

/**
 * One query per kind: the FTS5 match (with the facet tokens of the filters) over the kind's rowid
 * range, newest first up to the window, with the case and date filters as conditions on the rowid;
 * bm25 is computed for the rows in the window only.
 */
function kindQuery(spec: SearchSpec, kind: SearchKindName, broad: boolean): { sql: string; params: Params } | undefined {
  const conditions: string[] = [];
  const params: Params = {};
  const itemOnly = spec.mediaType !== undefined || spec.shareable !== undefined;
  if (itemOnly && kind !== 'item') return undefined;
  if (spec.tag !== undefined && kind !== 'item' && kind !== 'case') return undefined;
  if ((spec.from !== undefined || spec.to !== undefined) && kind === 'person') return undefined;


  if (spec.caseId !== undefined) {
    params['caseId'] = spec.caseId;
    const candidates: Record<SearchKindName, string> = {
      case: `SELECT id FROM search_docs WHERE kind = 'case' AND ref = @caseId`,
      person: `SELECT d.id FROM case_persons cp JOIN search_docs d ON d.kind = 'person' AND d.ref = CAST(cp.person_id AS TEXT) WHERE cp.case_id = @caseId`,
      incident: `SELECT d.id FROM incidents x JOIN search_docs d ON d.kind = 'incident' AND d.ref = CAST(x.id AS TEXT) WHERE x.case_id = @caseId`,
      item: `SELECT d.id FROM case_items ci JOIN search_docs d ON d.kind = 'item' AND d.ref = ci.item_id WHERE ci.case_id = @caseId`,
      note: `SELECT d.id FROM notes n JOIN search_docs d ON d.kind = 'note' AND d.ref = CAST(n.id AS TEXT)
              WHERE n.case_id = @caseId OR n.item_id IN (SELECT item_id FROM case_items WHERE case_id = @caseId)`,
    };
    conditions.push(`rowid IN (${candidates[kind]})`);
  }
  if (spec.from !== undefined || spec.to !== undefined) {
    params['from'] = spec.from ?? '0000-01-01';
    params['to'] = spec.to ?? '9999-12-31';
    const doc = 'SELECT 1 FROM search_docs d';
    const dated: Record<Exclude<SearchKindName, 'person'>, string> = {
      case: `${doc} JOIN cases c ON c.id = d.ref WHERE d.id = search_fts.rowid AND coalesce(c.opened_on, substr(c.created_at, 1, 10)) BETWEEN @from AND @to`,
      incident: `${doc} JOIN incidents x ON x.id = CAST(d.ref AS INTEGER) WHERE d.id = search_fts.rowid AND x.date_start <= @to AND x.date_end >= @from`,
      item: `${doc} JOIN items i ON i.id = d.ref WHERE d.id = search_fts.rowid AND substr(coalesce(i.file_mtime, i.ingested_at), 1, 10) BETWEEN @from AND @to`,
      note: `${doc} JOIN notes n ON n.id = CAST(d.ref AS INTEGER) WHERE d.id = search_fts.rowid AND substr(n.created_at, 1, 10) BETWEEN @from AND @to`,
    };
    conditions.push(`EXISTS (${dated[kind as Exclude<SearchKindName, 'person'>]})`);
  }
  params['match'] = matchFor(spec);
  const lo = KIND_NUMBERS[kind] * KIND_SPAN;
  const sql = `SELECT rowid AS docId, ${broad ? '0' : BM25} AS score FROM search_fts
     WHERE search_fts MATCH @match AND rowid BETWEEN ${lo} AND ${lo + KIND_SPAN - 1}${conditions.map((c) => `\n AND ${c}`).join('')}
     ORDER BY rowid DESC LIMIT ${broad ? spec.limitPerKind : RANK_WINDOW}`;
  return { sql, params };
}

/** The user's words in the text columns, and the facet tokens of the media type, shareable and tag filters. */
function matchFor(spec: SearchSpec): string {
  const facets: string[] = [];
  if (spec.mediaType !== undefined) facets.push(hexToken('x', 'exact' in spec.mediaType ? spec.mediaType.exact : spec.mediaType.major));
  if (spec.shareable !== undefined) facets.push(`"s${spec.shareable}"`);
  if (spec.tag !== undefined) facets.push(hexToken('g', spec.tag));
  return [`(${textOnly(spec.match)})`, ...facets.map((f) => `(facets : ${f})`)].join(' AND ');
}
