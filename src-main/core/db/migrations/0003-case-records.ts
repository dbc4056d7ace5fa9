/**
 * Schema 3: case records (issue #5) — cases, people (a pseudonym, with the protected identity block
 * in a table of its own), incidents, exhibits (item ↔ case links), tags, timestamped notes, and the
 * full-text search index over them.
 *
 * Search: `search_docs` holds one row per searchable record (its text, assembled by triggers) and
 * `search_fts` is an external-content FTS5 index over it, kept in step by triggers as well, so no
 * code path can forget to index. `person_identities` has no trigger and no search document: the
 * real names, contacts and identity notes are never indexed, and every query outside the explicit
 * reveal leaves that table alone.
 *
 * Two choices are for speed (bench/cases.bench.ts): a document's rowid carries its kind in its top
 * bits (kind × 2^40 + n), so a search takes each kind's matches by a rowid range without reading a
 * document; and the filters that hold for many records (media type, tag, shareable status) are
 * tokens in a `facets` column ('x' + hex of the media type or its major type, 'g' + hex of a tag,
 * 's' + the newest shareable copy's status), so filtering is FTS5 doclist intersection.
 *
 * 'ё' is folded to 'е' in the indexed text (and in queries, see cases/search-query.ts): people
 * write Russian both ways, and the unicode61 tokenizer keeps them apart.
 */
import type { Migration } from '../migrate.ts';

/** The SQL for text as indexed: NULL becomes '', ё becomes е. */
const fold = (expr: string): string => `replace(replace(coalesce(${expr}, ''), 'ё', 'е'), 'Ё', 'Е')`;
const join = (...exprs: string[]): string => fold(exprs.map((e) => `coalesce(${e}, '')`).join(` || ' ' || `));

/**
 * Text values of an item's metadata (exiftool JSON keyed "Group:Tag"): the values only, never the
 * keys; not ExifTool's own notes (errors, warnings) nor the numeric twins stored under "Group:Tag#".
 */
const metadataText = (json: string): string =>
  fold(`(SELECT group_concat(value, ' ') FROM json_tree(CASE WHEN json_valid(${json}) THEN ${json} ELSE '{}' END)
     WHERE type = 'text' AND fullkey NOT GLOB '$."ExifTool:*' AND fullkey NOT GLOB '$."*#"*')`);

const itemTags = (id: string): string => fold(`(SELECT group_concat(tag, ' ') FROM item_tags WHERE item_id = ${id})`);
const caseTags = (id: string): string => fold(`(SELECT group_concat(tag, ' ') FROM case_tags WHERE case_id = ${id})`);

/** The facet tokens of an item: its media type and major type, newest shareable status, tags. */
const itemFacets = (id: string, mediaType: string): string =>
  `('x' || hex(${mediaType}) || ' x' || hex(substr(${mediaType}, 1, instr(${mediaType} || '/', '/') - 1))
    || ' s' || coalesce((SELECT status FROM shareable_copies WHERE item_id = ${id} ORDER BY id DESC LIMIT 1), 'none')
    || coalesce(' ' || (SELECT group_concat('g' || hex(tag), ' ') FROM item_tags WHERE item_id = ${id}), ''))`;
const caseFacets = (id: string): string => `coalesce((SELECT group_concat('g' || hex(tag), ' ') FROM case_tags WHERE case_id = ${id}), '')`;
const refreshItemFacets = (id: string): string =>
  `UPDATE search_docs SET facets = ${itemFacets(id, `(SELECT media_type FROM items WHERE id = ${id})`)} WHERE kind = 'item' AND ref = ${id};`;

/** Rowids: kind × 2^40 + n, n counting up within the kind. */
const SEARCH_KIND_NUMBERS = { case: 1, person: 2, incident: 3, item: 4, note: 5 } as const;
const KIND_SPAN = 2 ** 40;
const nextDocId = (kind: keyof typeof SEARCH_KIND_NUMBERS): string => {
  const lo = SEARCH_KIND_NUMBERS[kind] * KIND_SPAN;
  return `coalesce((SELECT id FROM search_docs WHERE id BETWEEN ${lo} AND ${lo + KIND_SPAN - 1} ORDER BY id DESC LIMIT 1), ${lo}) + 1`;
};

const upsertDoc = (kind: keyof typeof SEARCH_KIND_NUMBERS, ref: string, title: string, body: string, tags: string, meta: string, facets = `''`): string =>
  `INSERT INTO search_docs (id, kind, ref, title, body, tags, meta, facets)
   VALUES (${nextDocId(kind)}, '${kind}', ${ref}, ${title}, ${body}, ${tags}, ${meta}, ${facets})
   ON CONFLICT (kind, ref) DO UPDATE SET title = excluded.title, body = excluded.body, tags = excluded.tags, meta = excluded.meta, facets = excluded.facets;`;

const itemDoc = (r: string): string =>
  upsertDoc(
    'item',
    `${r}.id`,
    fold(`${r}.original_name`),
    fold(`${r}.source_note`),
    itemTags(`${r}.id`),
    metadataText(`${r}.metadata_json`),
    itemFacets(`${r}.id`, `${r}.media_type`),
  );
const caseDoc = (r: string): string =>
  upsertDoc(
    'case',
    `${r}.id`,
    join(`${r}.number`, `${r}.title`),
    join(`${r}.forum`, `${r}.jurisdiction`, `${r}.description`, `${r}.notes`),
    caseTags(`${r}.id`),
    `''`,
    caseFacets(`${r}.id`),
  );
const personDoc = (r: string): string => upsertDoc('person', `${r}.id`, fold(`${r}.pseudonym`), `''`, `''`, `''`);
const incidentDoc = (r: string): string =>
  upsertDoc('incident', `${r}.id`, join(`${r}.date_text`, `${r}.place`), fold(`${r}.description`), `''`, `''`);
const noteDoc = (r: string): string => upsertDoc('note', `${r}.id`, `''`, fold(`${r}.text`), `''`, `''`);
const dropDoc = (kind: string, ref: string): string => `DELETE FROM search_docs WHERE kind = '${kind}' AND ref = ${ref};`;

const ROLES = `'victim', 'witness', 'complainant', 'alleged_perpetrator', 'official', 'counsel', 'other'`;
const DAY = (c: string): string => `(${c} GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]')`;

const SQL = `
CREATE TABLE cases (
  id              TEXT PRIMARY KEY NOT NULL,                 -- 'CAS-' + 10 Crockford base32 characters
  number          TEXT NOT NULL COLLATE NOCASE UNIQUE CHECK (length(trim(number)) > 0),
  title           TEXT NOT NULL CHECK (length(trim(title)) > 0),
  forum           TEXT,
  jurisdiction    TEXT,
  status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'filed', 'closed')),
  opened_on       TEXT CHECK (opened_on IS NULL OR ${DAY('opened_on')}),
  filed_on        TEXT CHECK (filed_on IS NULL OR ${DAY('filed_on')}),
  description     TEXT,
  notes           TEXT,
  -- Exhibit labels: '{n}' or '{n:03}' (zero-padded) is replaced by the next number.
  exhibit_pattern TEXT NOT NULL DEFAULT 'EX-{n:03}' CHECK (exhibit_pattern GLOB '*{n*}*'),
  -- Only grows, so an unlinked exhibit's label is never handed to other evidence.
  next_exhibit    INTEGER NOT NULL DEFAULT 1 CHECK (next_exhibit >= 1),
  -- Kept by triggers on case_items: the case list shows it without counting 200,000 links.
  exhibit_count   INTEGER NOT NULL DEFAULT 0 CHECK (exhibit_count >= 0),
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL
);

CREATE TABLE persons (
  id                INTEGER PRIMARY KEY,
  pseudonym         TEXT NOT NULL CHECK (length(trim(pseudonym)) > 0),
  -- Set by a trigger when an identity block is stored, so views can say one exists without reading it.
  identity_recorded INTEGER NOT NULL DEFAULT 0 CHECK (identity_recorded IN (0, 1)),
  created_at        TEXT NOT NULL
);

-- The protected identity block. Read only by the explicit reveal (a custody event); never indexed,
-- listed, searched or exported.
CREATE TABLE person_identities (
  person_id  INTEGER PRIMARY KEY NOT NULL REFERENCES persons(id),
  real_name  TEXT,
  contacts   TEXT,
  notes      TEXT,
  updated_at TEXT NOT NULL
);
CREATE TRIGGER person_identities_recorded AFTER INSERT ON person_identities BEGIN
  UPDATE persons SET identity_recorded = 1 WHERE id = NEW.person_id;
END;

CREATE TABLE case_persons (
  case_id   TEXT NOT NULL REFERENCES cases(id),
  person_id INTEGER NOT NULL REFERENCES persons(id),
  role      TEXT NOT NULL CHECK (role IN (${ROLES})),
  added_at  TEXT NOT NULL,
  PRIMARY KEY (case_id, person_id, role)
);
CREATE INDEX case_persons_by_person ON case_persons (person_id);

CREATE TABLE incidents (
  id             INTEGER PRIMARY KEY,
  case_id        TEXT NOT NULL REFERENCES cases(id),
  date_text      TEXT NOT NULL,                              -- as written: '2017-03', 'around 2018-07-20'
  date_start     TEXT NOT NULL CHECK (${DAY('date_start')}), -- first day the statement covers
  date_end       TEXT NOT NULL CHECK (${DAY('date_end')}),   -- last day
  date_precision TEXT NOT NULL CHECK (date_precision IN ('day', 'month', 'year', 'approximate')),
  place          TEXT,
  latitude       REAL CHECK (latitude IS NULL OR latitude BETWEEN -90 AND 90),
  longitude      REAL CHECK (longitude IS NULL OR longitude BETWEEN -180 AND 180),
  description    TEXT NOT NULL DEFAULT '',
  created_at     TEXT NOT NULL,
  CHECK (date_start <= date_end),
  CHECK ((latitude IS NULL) = (longitude IS NULL))
);
CREATE INDEX incidents_by_case ON incidents (case_id, date_start);

CREATE TABLE incident_persons (
  incident_id INTEGER NOT NULL REFERENCES incidents(id),
  person_id   INTEGER NOT NULL REFERENCES persons(id),
  PRIMARY KEY (incident_id, person_id)
);
CREATE INDEX incident_persons_by_person ON incident_persons (person_id);

-- An item as an exhibit of a case. Unlinking deletes this row, never the item.
CREATE TABLE case_items (
  id          INTEGER PRIMARY KEY,
  case_id     TEXT NOT NULL REFERENCES cases(id),
  item_id     TEXT NOT NULL REFERENCES items(id),
  label       TEXT NOT NULL COLLATE NOCASE CHECK (length(trim(label)) > 0),
  position    INTEGER NOT NULL CHECK (position >= 1),
  description TEXT,
  linked_at   TEXT NOT NULL,
  UNIQUE (case_id, item_id),
  UNIQUE (case_id, label)
);
CREATE INDEX case_items_by_position ON case_items (case_id, position);
CREATE INDEX case_items_by_item ON case_items (item_id);
CREATE TRIGGER case_items_count_ai AFTER INSERT ON case_items BEGIN
  UPDATE cases SET exhibit_count = exhibit_count + 1 WHERE id = NEW.case_id;
END;
CREATE TRIGGER case_items_count_ad AFTER DELETE ON case_items BEGIN
  UPDATE cases SET exhibit_count = exhibit_count - 1 WHERE id = OLD.case_id;
END;
CREATE TRIGGER case_items_count_au AFTER UPDATE OF case_id ON case_items BEGIN
  UPDATE cases SET exhibit_count = exhibit_count - 1 WHERE id = OLD.case_id;
  UPDATE cases SET exhibit_count = exhibit_count + 1 WHERE id = NEW.case_id;
END;

CREATE TABLE exhibit_incidents (
  case_item_id INTEGER NOT NULL REFERENCES case_items(id) ON DELETE CASCADE,
  incident_id  INTEGER NOT NULL REFERENCES incidents(id),
  PRIMARY KEY (case_item_id, incident_id)
);
CREATE INDEX exhibit_incidents_by_incident ON exhibit_incidents (incident_id);

CREATE TABLE exhibit_persons (
  case_item_id INTEGER NOT NULL REFERENCES case_items(id) ON DELETE CASCADE,
  person_id    INTEGER NOT NULL REFERENCES persons(id),
  PRIMARY KEY (case_item_id, person_id)
);
CREATE INDEX exhibit_persons_by_person ON exhibit_persons (person_id);

CREATE TABLE item_tags (
  item_id   TEXT NOT NULL REFERENCES items(id),
  tag       TEXT NOT NULL CHECK (length(trim(tag)) > 0),
  tagged_at TEXT NOT NULL,
  PRIMARY KEY (item_id, tag)
);
CREATE INDEX item_tags_by_tag ON item_tags (tag);

CREATE TABLE case_tags (
  case_id   TEXT NOT NULL REFERENCES cases(id),
  tag       TEXT NOT NULL CHECK (length(trim(tag)) > 0),
  tagged_at TEXT NOT NULL,
  PRIMARY KEY (case_id, tag)
);
CREATE INDEX case_tags_by_tag ON case_tags (tag);

-- Timestamped notes on an item or on a case (exactly one). Appended, never edited.
CREATE TABLE notes (
  id         INTEGER PRIMARY KEY,
  item_id    TEXT REFERENCES items(id),
  case_id    TEXT REFERENCES cases(id),
  text       TEXT NOT NULL CHECK (length(trim(text)) > 0),
  author     TEXT NOT NULL,
  created_at TEXT NOT NULL,
  CHECK ((item_id IS NULL) <> (case_id IS NULL))
);
CREATE INDEX notes_by_item ON notes (item_id, created_at) WHERE item_id IS NOT NULL;
CREATE INDEX notes_by_case ON notes (case_id, created_at) WHERE case_id IS NOT NULL;

-- One search document per record; 'ref' is the record's id as text, the id's top bits its kind.
CREATE TABLE search_docs (
  id     INTEGER PRIMARY KEY,
  kind   TEXT NOT NULL CHECK (kind IN ('case', 'person', 'incident', 'item', 'note')),
  ref    TEXT NOT NULL,
  title  TEXT NOT NULL DEFAULT '',
  body   TEXT NOT NULL DEFAULT '',
  tags   TEXT NOT NULL DEFAULT '',
  meta   TEXT NOT NULL DEFAULT '',
  facets TEXT NOT NULL DEFAULT '',
  UNIQUE (kind, ref),
  CHECK (id / ${KIND_SPAN} = CASE kind ${Object.entries(SEARCH_KIND_NUMBERS).map(([k, n]) => `WHEN '${k}' THEN ${n}`).join(' ')} END)
);

CREATE VIRTUAL TABLE search_fts USING fts5(
  title, body, tags, meta, facets,
  content = 'search_docs', content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '1 2 3 4'
);

CREATE TRIGGER search_docs_ai AFTER INSERT ON search_docs BEGIN
  INSERT INTO search_fts (rowid, title, body, tags, meta, facets) VALUES (NEW.id, NEW.title, NEW.body, NEW.tags, NEW.meta, NEW.facets);
END;
CREATE TRIGGER search_docs_ad AFTER DELETE ON search_docs BEGIN
  INSERT INTO search_fts (search_fts, rowid, title, body, tags, meta, facets) VALUES ('delete', OLD.id, OLD.title, OLD.body, OLD.tags, OLD.meta, OLD.facets);
END;
CREATE TRIGGER search_docs_au AFTER UPDATE ON search_docs BEGIN
  INSERT INTO search_fts (search_fts, rowid, title, body, tags, meta, facets) VALUES ('delete', OLD.id, OLD.title, OLD.body, OLD.tags, OLD.meta, OLD.facets);
  INSERT INTO search_fts (rowid, title, body, tags, meta, facets) VALUES (NEW.id, NEW.title, NEW.body, NEW.tags, NEW.meta, NEW.facets);
END;

CREATE TRIGGER items_search_ai AFTER INSERT ON items BEGIN ${itemDoc('NEW')} END;
CREATE TRIGGER items_search_au AFTER UPDATE OF original_name, source_note, metadata_json, media_type ON items BEGIN ${itemDoc('NEW')} END;
CREATE TRIGGER items_search_ad AFTER DELETE ON items BEGIN ${dropDoc('item', 'OLD.id')} END;
CREATE TRIGGER item_tags_search_ai AFTER INSERT ON item_tags BEGIN
  UPDATE search_docs SET tags = ${itemTags('NEW.item_id')} WHERE kind = 'item' AND ref = NEW.item_id;
  ${refreshItemFacets('NEW.item_id')}
END;
CREATE TRIGGER item_tags_search_ad AFTER DELETE ON item_tags BEGIN
  UPDATE search_docs SET tags = ${itemTags('OLD.item_id')} WHERE kind = 'item' AND ref = OLD.item_id;
  ${refreshItemFacets('OLD.item_id')}
END;
CREATE TRIGGER shareable_copies_search_ai AFTER INSERT ON shareable_copies BEGIN ${refreshItemFacets('NEW.item_id')} END;
CREATE TRIGGER shareable_copies_search_au AFTER UPDATE OF status, item_id ON shareable_copies BEGIN
  ${refreshItemFacets('OLD.item_id')}
  ${refreshItemFacets('NEW.item_id')}
END;
CREATE TRIGGER shareable_copies_search_ad AFTER DELETE ON shareable_copies BEGIN ${refreshItemFacets('OLD.item_id')} END;

CREATE TRIGGER cases_search_ai AFTER INSERT ON cases BEGIN ${caseDoc('NEW')} END;
CREATE TRIGGER cases_search_au AFTER UPDATE OF number, title, forum, jurisdiction, description, notes ON cases BEGIN ${caseDoc('NEW')} END;
CREATE TRIGGER cases_search_ad AFTER DELETE ON cases BEGIN ${dropDoc('case', 'OLD.id')} END;
CREATE TRIGGER case_tags_search_ai AFTER INSERT ON case_tags BEGIN
  UPDATE search_docs SET tags = ${caseTags('NEW.case_id')}, facets = ${caseFacets('NEW.case_id')} WHERE kind = 'case' AND ref = NEW.case_id;
END;
CREATE TRIGGER case_tags_search_ad AFTER DELETE ON case_tags BEGIN
  UPDATE search_docs SET tags = ${caseTags('OLD.case_id')}, facets = ${caseFacets('OLD.case_id')} WHERE kind = 'case' AND ref = OLD.case_id;
END;

CREATE TRIGGER persons_search_ai AFTER INSERT ON persons BEGIN ${personDoc('NEW')} END;
CREATE TRIGGER persons_search_au AFTER UPDATE OF pseudonym ON persons BEGIN ${personDoc('NEW')} END;
CREATE TRIGGER persons_search_ad AFTER DELETE ON persons BEGIN ${dropDoc('person', 'OLD.id')} END;

CREATE TRIGGER incidents_search_ai AFTER INSERT ON incidents BEGIN ${incidentDoc('NEW')} END;
CREATE TRIGGER incidents_search_au AFTER UPDATE OF date_text, place, description ON incidents BEGIN ${incidentDoc('NEW')} END;
CREATE TRIGGER incidents_search_ad AFTER DELETE ON incidents BEGIN ${dropDoc('incident', 'OLD.id')} END;

CREATE TRIGGER notes_search_ai AFTER INSERT ON notes BEGIN ${noteDoc('NEW')} END;
CREATE TRIGGER notes_search_au AFTER UPDATE OF text ON notes BEGIN ${noteDoc('NEW')} END;
CREATE TRIGGER notes_search_ad AFTER DELETE ON notes BEGIN ${dropDoc('note', 'OLD.id')} END;

-- Items imported before this schema get their search documents now (with their shareable status).
INSERT INTO search_docs (id, kind, ref, title, body, tags, meta, facets)
SELECT ${SEARCH_KIND_NUMBERS.item * KIND_SPAN} + row_number() OVER (ORDER BY i.ingested_at, i.id), 'item', i.id,
       ${fold('i.original_name')}, ${fold('i.source_note')}, '', ${metadataText('i.metadata_json')}, ${itemFacets('i.id', 'i.media_type')}
  FROM items AS i;
`;

export const migration0003: Migration = {
  version: 3,
  name: 'case-records',
  up(db) {
    db.exec(SQL);
  },
};
