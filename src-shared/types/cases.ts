/**
 * Case records (issue #5) as the CLI's --json output, the IPC contract and the renderer see them.
 * No type here carries a person's protected identity except RevealedIdentity, which only the
 * explicit reveal returns.
 */
export const CASE_STATUSES = ['open', 'filed', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const PERSON_ROLES = ['victim', 'witness', 'complainant', 'alleged_perpetrator', 'official', 'counsel', 'other'] as const;
export type PersonRole = (typeof PERSON_ROLES)[number];

export const DATE_PRECISIONS = ['day', 'month', 'year', 'approximate'] as const;
export type DatePrecision = (typeof DATE_PRECISIONS)[number];

export const SEARCH_KINDS = ['case', 'person', 'incident', 'item', 'note'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

/** The newest shareable copy's status, or 'none' when the item has no shareable copy yet. */
export const SHAREABLE_FILTERS = ['stripped', 'unsupported', 'failed', 'none'] as const;
export type ShareableFilter = (typeof SHAREABLE_FILTERS)[number];

export interface CaseFields {
  number: string;
  title: string;
  forum: string | null;
  jurisdiction: string | null;
  status: CaseStatus;
  /** YYYY-MM-DD */
  openedOn: string | null;
  filedOn: string | null;
  description: string | null;
  notes: string | null;
  /** e.g. 'EX-{n:03}' → EX-001, EX-002, … */
  exhibitPattern: string;
}

export type NewCase = Pick<CaseFields, 'number' | 'title'> & Partial<Omit<CaseFields, 'number' | 'title'>>;
export type CaseUpdate = Partial<CaseFields>;

export interface CaseSummary {
  id: string;
  number: string;
  title: string;
  forum: string | null;
  jurisdiction: string | null;
  status: CaseStatus;
  openedOn: string | null;
  filedOn: string | null;
  exhibitCount: number;
  personCount: number;
  incidentCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface ExhibitView {
  itemId: string;
  label: string;
  /** 1-based order within the case. */
  position: number;
  description: string | null;
  linkedAt: string;
  name: string;
  mediaType: string;
  size: number;
  /** SHA-256 of the original. */
  sha256: string;
  /** The newest shareable copy, if any: its status and (when stripped) its SHA-256. */
  shareable: { status: string; sha256: string | null } | null;
  incidentIds: number[];
  personIds: number[];
}

export interface CasePersonView {
  id: number;
  pseudonym: string;
  roles: PersonRole[];
  /** Whether a protected identity is recorded; its content is only returned by revealIdentity. */
  hasIdentity: boolean;
}

export interface IncidentView {
  id: number;
  caseId: string;
  /** As written, e.g. 'around 2018-07-20'. */
  dateText: string;
  /** First and last day the date covers (YYYY-MM-DD). */
  dateStart: string;
  dateEnd: string;
  precision: DatePrecision;
  place: string | null;
  latitude: number | null;
  longitude: number | null;
  description: string;
  personIds: number[];
  createdAt: string;
}

export interface NoteView {
  id: number;
  itemId: string | null;
  caseId: string | null;
  text: string;
  author: string;
  createdAt: string;
}

export interface ExhibitPage {
  total: number;
  offset: number;
  rows: ExhibitView[];
}

export interface CaseDetail extends CaseSummary {
  description: string | null;
  notes: string | null;
  exhibitPattern: string;
  tags: string[];
  /** One page of exhibits in order (the first 200 unless asked otherwise); page on with listExhibits. */
  exhibits: ExhibitPage;
  persons: CasePersonView[];
  incidents: IncidentView[];
  caseNotes: NoteView[];
}

/** A case an item is an exhibit of (for the item page). */
export interface ItemCaseView {
  caseId: string;
  number: string;
  title: string;
  label: string;
  position: number;
}

export interface IdentityBlock {
  realName?: string | null;
  contacts?: string | null;
  notes?: string | null;
}

export interface RevealedIdentity {
  personId: number;
  pseudonym: string;
  recorded: boolean;
  realName: string | null;
  contacts: string | null;
  notes: string | null;
}

export interface SearchFilters {
  /** Only records of this case: the case, its people, incidents, exhibits and notes on them. */
  caseNumber?: string;
  kinds?: SearchKind[];
  /** Items only: 'image/jpeg', or a major type such as 'image' / 'image/*'. */
  mediaType?: string;
  /**
   * Inclusive YYYY-MM-DD bounds: incidents whose dates overlap, notes by when written, cases by
   * opening date (else creation), items by file modification time (else import time); people have no date.
   */
  from?: string;
  to?: string;
  /** Items only. */
  shareableStatus?: ShareableFilter;
  /** Items and cases carrying this tag. */
  tag?: string;
}

export interface SearchHit {
  kind: SearchKind;
  /** The record's id: case id, person id, incident id, item id or note id (as text). */
  id: string;
  title: string;
  /** A short excerpt around the match, plain text. */
  snippet: string;
  /** [start, end) offsets of the matched words in `snippet` (UTF-16 code units). */
  highlights: Array<[number, number]>;
  /** The cases the record belongs to (for a case, itself), to open it in context. */
  cases: Array<{ id: string; number: string }>;
  /** For a note on an item. */
  itemId?: string;
}

export interface SearchResults {
  /** What was searched, after cleaning; '' when nothing searchable was left. */
  query: string;
  groups: Record<SearchKind, SearchHit[]>;
  /** True for a kind with more hits than were returned. */
  more: Record<SearchKind, boolean>;
}
