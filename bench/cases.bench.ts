/**
 * Issue #5's performance targets, with 100,000 items, 1,000 cases and 200,000 exhibit links
 * (--quick: 20,000 items, 200 cases, 40,000 links):
 *   - search p95 ≤ 50 ms (search(), snippets and hit details included);
 *   - opening a case with 5,000 exhibits, first screen (getCase with its first 200 exhibits) ≤ 300 ms;
 *   - the case list (listCases, with exhibit/person/incident counts) ≤ 100 ms;
 *   - and the case page itself in Chromium (bench/case-screen.ts): first exhibit row on screen ≤ 300 ms.
 * The vault is filled with synthetic rows through its store in large transactions (the search
 * index is built by the schema's triggers as it would be), with Latin and Cyrillic words drawn
 * from a Zipf distribution and exiftool-like metadata. Custody events are not generated: none of
 * the measured reads touches the log.
 * References, in the same run on the same file, through a second connection with the same key
 * and pragmas: the bare FTS5 MATCH of the same queries (rowids only), the plain indexed SELECT of
 * the same 200 exhibit rows, and a plain SELECT of the 1,000 case rows.
 */
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { getCase, KDF_PARAMS_FOR_TESTS, listCases, search, Vault } from '../src-main/core/index.ts';
import type { SearchFilters } from '../src-shared/types/cases.ts';
import { deriveSubkeys } from '../src-main/core/crypto/kdf.ts';
import { wipe } from '../src-main/core/crypto/wipe.ts';
import { openDatabase } from '../src-main/core/db/open-database.ts';
import type { SqliteDatabase } from '../src-main/core/db/open-database.ts';
import { toFtsQuery } from '../src-main/core/cases/search-query.ts';
import { readHeader, unlockWithPassphrase } from '../src-main/core/vault/header.ts';
import { measureCaseScreen } from './case-screen.ts';
import { log, median, parseArgs, ratio, report, verdict, withTempRoot } from './support.ts';
import type { Row } from './support.ts';

const args = parseArgs();
const ITEMS = args.quick ? 20_000 : 100_000;
const CASES = args.quick ? 200 : 1_000;
const LINKS = args.quick ? 40_000 : 200_000;
const BIG_CASE_EXHIBITS = 5_000;
const QUERIES = args.quick ? 100 : 300;
const ROUNDS = args.quick ? 15 : 40;
const SCREEN_ROUNDS = args.quick ? 5 : 15;
const BIG_CASE_ID = 'CAS-0000000000';
const TARGETS = { searchP95: 50, openCase: 300, listCases: 100 };
const PASSPHRASE = 'bench passphrase for case records';

/** mulberry32: small, seeded, deterministic. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = prng(20180720);
const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;

const LATIN_SYLLABLES = ['ka', 'ro', 'mi', 'ten', 'stra', 'vel', 'dor', 'lin', 'pe', 'su', 'gra', 'mon', 'ter', 'ble', 'qui', 'san', 'vo', 'ri', 'chen', 'tor'];
const CYRILLIC_SYLLABLES = ['ка', 'ро', 'ми', 'све', 'дет', 'про', 'зан', 'ло', 'ви', 'тель', 'гра', 'мос', 'ра', 'ни', 'ско', 'пра', 'жде', 'ту', 'ля', 'бор'];

function vocabulary(syllables: readonly string[], count: number): string[] {
  const words = new Set<string>();
  while (words.size < count) {
    const n = 2 + Math.floor(rand() * 3);
    words.add(Array.from({ length: n }, () => pick(syllables)).join(''));
  }
  return [...words];
}
const WORDS = [...vocabulary(LATIN_SYLLABLES, 2_000), ...vocabulary(CYRILLIC_SYLLABLES, 2_000)];
// Zipf (s = 1) over a shuffled vocabulary, so both scripts have frequent and rare words.
for (let i = WORDS.length - 1; i > 0; i--) {
  const j = Math.floor(rand() * (i + 1));
  [WORDS[i], WORDS[j]] = [WORDS[j] as string, WORDS[i] as string];
}
const CUMULATIVE: number[] = [];
WORDS.reduce((sum, _w, i) => (CUMULATIVE[i] = sum + 1 / (i + 1)), 0);
const zipfWord = (): string => {
  const r = rand() * (CUMULATIVE.at(-1) as number);
  let lo = 0;
  let hi = CUMULATIVE.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((CUMULATIVE[mid] as number) < r) lo = mid + 1;
    else hi = mid;
  }
  return WORDS[lo] as string;
};
const words = (n: number): string => Array.from({ length: n }, zipfWord).join(' ');

const CAMERAS = [
  ['Canon', 'Canon EOS 5D Mark IV'], ['Canon', 'Canon EOS R6'], ['NIKON CORPORATION', 'NIKON D750'], ['SONY', 'ILCE-7M3'],
  ['samsung', 'SM-G930F'], ['samsung', 'SM-A515F'], ['Apple', 'iPhone 12'], ['Apple', 'iPhone SE (2nd generation)'],
  ['Xiaomi', 'Redmi Note 8 Pro'], ['HUAWEI', 'ELE-L29'], ['Google', 'Pixel 6'], ['FUJIFILM', 'X-T3'],
] as const;
const SOFTWARE = ['Adobe Lightroom Classic 12.1', 'G930FXXU1DRF2', '16.6.1', 'GIMP 2.10.34', 'Snapseed 2.0', 'MIUI Camera', 'Picasa'];
const MEDIA = ['image/jpeg', 'image/jpeg', 'image/jpeg', 'image/heic', 'video/mp4', 'audio/mpeg', 'application/pdf', 'text/plain'];
const FORUMS = ['European Court of Human Rights', 'UN Human Rights Committee', 'Investigative Committee', 'Прокуратура', 'Верховный суд'];
const TAGS = Array.from({ length: 50 }, (_, i) => `${pick(WORDS)}-${i}`);

function metadataJson(i: number): string {
  const [make, model] = pick(CAMERAS);
  return JSON.stringify({
    'ExifTool:ExifToolVersion': 13.1,
    'File:FileType': 'JPEG',
    'File:MIMEType': 'image/jpeg',
    'IFD0:Make': make,
    'IFD0:Model': model,
    'IFD0:Software': pick(SOFTWARE),
    'IFD0:Artist': words(2),
    'IFD0:ImageDescription': words(6),
    'ExifIFD:DateTimeOriginal': `20${10 + (i % 14)}:0${1 + (i % 9)}:1${i % 10} 14:32:05`,
    'ExifIFD:LensModel': `${model} back camera`,
    'ExifIFD:ISO': 100 + (i % 8) * 100,
    'GPS:GPSLatitudeRef': 'North',
    'XMP-dc:Subject': [zipfWord(), zipfWord(), zipfWord()],
    'XMP-dc:Description': words(8),
    'Composite:ImageSize': '4032x3024',
  });
}

const time = (fn: () => unknown): number => {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
};
const p95 = (values: number[]): number => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil(s.length * 0.95) - 1)] as number;
};
const ms = (v: number): string => (v < 10 ? `${v.toFixed(2)} ms` : `${v.toFixed(1)} ms`);

function populate(vault: Vault): { bigCase: string; caseNumbers: string[] } {
  const store = vault.store;
  const cases = store.cases;
  const now = new Date().toISOString();
  const itemIds: string[] = [];
  const BATCH = 5_000;
  let t0 = Date.now();
  for (let start = 0; start < ITEMS; start += BATCH) {
    store.transaction(() => {
      for (let i = start; i < Math.min(ITEMS, start + BATCH); i++) {
        const id = `ITM-${String(i).padStart(10, '0')}`;
        const object = new Uint8Array(randomBytes(16));
        store.insertObject({ id: object, wrappedKey: new Uint8Array(60), size: 1000 + i, createdAt: now });
        store.insertItem({
          id,
          originalObject: object,
          originalName: `${zipfWord()}_${String(i).padStart(6, '0')}.jpg`,
          originalPath: `/evidence/batch-${i % 97}/${i}.jpg`,
          wasSymlink: false,
          symlinkTarget: null,
          size: 1000 + i,
          mediaType: pick(MEDIA),
          sha256: randomBytes(32).toString('hex'),
          fileMtime: `20${10 + (i % 14)}-07-20T12:00:00.000Z`,
          fileCtime: null,
          fileBirthtime: null,
          ingestedAt: now,
          operator: 'bench',
          sourceNote: i % 5 === 0 ? `handed over by ${words(2)}` : null,
          metadataJson: metadataJson(i),
        });
        itemIds.push(id);
      }
    });
  }
  log(`${ITEMS} items (with their search documents) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  t0 = Date.now();
  const caseIds: string[] = [];
  const caseNumbers: string[] = [];
  const personIds: number[][] = [];
  store.transaction(() => {
    for (let c = 0; c < CASES; c++) {
      const id = `CAS-${String(c).padStart(10, '0')}`;
      const number = `RLN-${2010 + (c % 14)}-${String(c).padStart(4, '0')}`;
      cases.insertCase({
        id,
        number,
        title: words(5),
        forum: pick(FORUMS),
        jurisdiction: c % 2 ? 'Russia' : 'Россия',
        status: pick(['open', 'filed', 'closed']),
        openedOn: `20${10 + (c % 14)}-0${1 + (c % 9)}-15`,
        filedOn: null,
        description: words(25),
        notes: words(10),
        exhibitPattern: 'EX-{n:03}',
        nextExhibit: 1,
        createdAt: now,
        updatedAt: now,
      });
      caseIds.push(id);
      caseNumbers.push(number);
      const people: number[] = [];
      for (let p = 0; p < 5; p++) {
        const pid = cases.insertPerson(p % 2 ? `Свидетель ${c}-${p}` : `Witness W-${c}-${p}`, now);
        cases.addCasePerson(id, pid, pick(['victim', 'witness', 'complainant', 'official']), now);
        people.push(pid);
      }
      personIds.push(people);
      for (let x = 0; x < 3; x++) {
        const incident = cases.insertIncident({
          caseId: id,
          dateText: `around 20${10 + (c % 14)}-07-${10 + x}`,
          dateStart: `20${10 + (c % 14)}-07-${10 + x}`,
          dateEnd: `20${10 + (c % 14)}-07-${10 + x}`,
          datePrecision: 'approximate',
          place: words(2),
          latitude: null,
          longitude: null,
          description: words(15),
          createdAt: now,
        });
        cases.addIncidentPersons(incident, people.slice(0, 2));
      }
      cases.addCaseTag(id, pick(TAGS), now);
      cases.insertNote({ itemId: null, caseId: id, text: words(12), author: 'bench', createdAt: now });
    }
  });
  log(`${CASES} cases with ${CASES * 5} people, ${CASES * 3} incidents, notes and tags in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  t0 = Date.now();
  store.transaction(() => {
    for (let i = 0; i < ITEMS; i += 5) cases.addItemTag(itemIds[i] as string, pick(TAGS), now);
    for (let i = 0; i < ITEMS; i += 10) cases.insertNote({ itemId: itemIds[i] as string, caseId: null, text: words(10), author: 'bench', createdAt: now });
  });
  log(`${ITEMS / 5} item tags and ${ITEMS / 10} item notes in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  // Case 0 holds 5,000 exhibits; the other links are spread over the other cases.
  t0 = Date.now();
  let links = 0;
  const link = (caseIndex: number, itemIndexes: Iterable<number>) => {
    let position = 0;
    for (const i of itemIndexes) {
      position += 1;
      cases.insertExhibit({
        caseId: caseIds[caseIndex] as string,
        itemId: itemIds[i] as string,
        label: `EX-${String(position).padStart(3, '0')}`,
        position,
        description: position % 7 === 0 ? words(6) : null,
        linkedAt: now,
      });
      links += 1;
    }
    cases.updateCase(caseIds[caseIndex] as string, { nextExhibit: position + 1 });
  };
  store.transaction(() => link(0, Array.from({ length: BIG_CASE_EXHIBITS }, (_, i) => i)));
  const perCase = (LINKS - BIG_CASE_EXHIBITS) / (CASES - 1);
  for (let c = 1; c < CASES; c++) {
    const want = Math.round(perCase * c) - Math.round(perCase * (c - 1));
    const chosen = new Set<number>();
    while (chosen.size < want) chosen.add(Math.floor(rand() * ITEMS));
    store.transaction(() => link(c, chosen));
  }
  log(`${links} exhibit links in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return { bigCase: caseNumbers[0] as string, caseNumbers };
}

/** What people type: rare and common words in both scripts, prefixes, pairs, camera models, some with filters. */
function makeQueries(caseNumbers: readonly string[]): Array<{ q: string; filters: SearchFilters }> {
  const frequent = WORDS.slice(0, 50);
  const out: Array<{ q: string; filters: SearchFilters }> = [];
  for (let i = 0; i < QUERIES; i++) {
    const kind = i % 10;
    const w = kind === 9 ? pick(frequent) : pick(WORDS);
    let q: string;
    if (kind <= 2) q = w;
    else if (kind <= 4) q = `${w.slice(0, 3 + (i % 2))}*`;
    else if (kind === 5) q = `${w} ${pick(WORDS).slice(0, 4)}*`;
    else if (kind === 6) q = pick(CAMERAS)[1].split(' ').slice(0, 2).join(' ');
    else if (kind === 7) q = i % 2 ? 'свид*' : `witness w-${Math.floor(rand() * CASES)}`;
    else q = w;
    const filters: SearchFilters = kind === 8 ? { caseNumber: pick(caseNumbers) } : i % 20 === 3 ? { mediaType: 'image' } : {};
    out.push({ q, filters });
  }
  return out;
}

async function rawDatabase(folder: string): Promise<SqliteDatabase> {
  const header = await readHeader(folder);
  const masterKey = await unlockWithPassphrase(header, PASSPHRASE);
  const keys = deriveSubkeys(masterKey, header.vaultId);
  try {
    return openDatabase(path.join(folder, 'vault.db'), keys.dbKey, { mustExist: true });
  } finally {
    wipe(masterKey, keys.dbKey, keys.fileKeyWrapKey, keys.signingSeed);
  }
}

const rows: Row[] = [];
const notes: string[] = [
  `${ITEMS.toLocaleString('en')} items, ${CASES.toLocaleString('en')} cases, ${LINKS.toLocaleString('en')} exhibit links (one case with ${BIG_CASE_EXHIBITS.toLocaleString('en')}), ${CASES * 5} people, ${CASES * 3} incidents, ${ITEMS / 10 + CASES} notes; words Zipf-distributed over 4,000 Latin and Cyrillic words`,
  `search: ${QUERIES} queries (words, prefixes, pairs, camera models, pseudonyms; 10% with a case filter, 5% with a media type), 20 hits per kind with snippets`,
  `figures are p95 (median in brackets) of ${ROUNDS} warm rounds; the cold row is the first call after unlock`,
  'reference: a second connection to the same file with the same key and pragmas, timed the same way',
];

await withTempRoot('cases', async (root) => {
  const folder = path.join(root, 'vault');
  const created = await Vault.create(folder, PASSPHRASE, { kdf: KDF_PARAMS_FOR_TESTS, operator: 'bench' });
  const { bigCase, caseNumbers } = populate(created.vault);
  created.vault.lock();
  const queries = makeQueries(caseNumbers);

  // The measured API, on a freshly unlocked vault.
  const vault = await Vault.unlock(folder, PASSPHRASE);
  let api: { search: number[]; open: number[]; list: number[]; openCold: number; listCold: number; searchCold: number; hits: number };
  try {
    const searchCold = time(() => search(vault, queries[0]!.q, queries[0]!.filters));
    const openCold = time(() => getCase(vault, bigCase));
    const listCold = time(() => listCases(vault));
    const first = getCase(vault, bigCase);
    if (first.exhibits.total !== BIG_CASE_EXHIBITS || first.exhibits.rows.length !== 200) throw new Error('the big case does not hold what was linked');
    if (listCases(vault).cases.length !== CASES) throw new Error('listCases did not return every case');
    for (const { q, filters } of queries.slice(0, 20)) search(vault, q, filters);
    let hits = 0;
    const searchTimes = queries.map(({ q, filters }) =>
      time(() => {
        const r = search(vault, q, filters);
        hits += Object.values(r.groups).reduce((n, g) => n + g.length, 0);
      }),
    );
    const open: number[] = [];
    const list: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      open.push(time(() => getCase(vault, bigCase)));
      list.push(time(() => listCases(vault)));
    }
    api = { search: searchTimes, open, list, openCold, listCold, searchCold, hits };
  } finally {
    vault.lock();
  }
  const slowest = queries.map((q, i) => ({ ...q, t: api.search[i] as number })).sort((a, b) => b.t - a.t).slice(0, 5);
  log(`slowest searches: ${slowest.map((s) => `${JSON.stringify(s.q)}${s.filters.caseNumber ? ' (case)' : s.filters.mediaType ? ' (type)' : ''} ${ms(s.t)}`).join(', ')}`);
  log(`API: search p95 ${ms(p95(api.search))}, getCase p95 ${ms(p95(api.open))}, listCases p95 ${ms(p95(api.list))} (${api.hits} hits in all)`);

  // References: the same data through plain SQL.
  const db = await rawDatabase(folder);
  let ref: { search: number[]; open: number[]; list: number[]; matches: number };
  try {
    const bigCaseId = db.prepare('SELECT id FROM cases WHERE number = ?').pluck().get(bigCase) as string;
    const match = db.prepare('SELECT rowid FROM search_fts WHERE search_fts MATCH ?').pluck();
    const page = db.prepare('SELECT * FROM case_items WHERE case_id = ? ORDER BY position LIMIT 200');
    const all = db.prepare('SELECT * FROM cases ORDER BY number');
    const fts = queries.map(({ q }) => toFtsQuery(q)!.match);
    for (const m of fts.slice(0, 20)) match.all(m);
    let matches = 0;
    const searchTimes = fts.map((m) => time(() => (matches += match.all(m).length)));
    const open: number[] = [];
    const list: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      open.push(time(() => page.all(bigCaseId)));
      list.push(time(() => all.all()));
    }
    ref = { search: searchTimes, open, list, matches };
  } finally {
    db.close();
  }
  log(`reference: FTS5 match p95 ${ms(p95(ref.search))} (${Math.round(ref.matches / queries.length)} matching documents per query on average)`);

  const screen = await measureCaseScreen(folder, PASSPHRASE, BIG_CASE_ID, 'EX-001', SCREEN_ROUNDS);
  if (typeof screen === 'string') log(`case page in Chromium: skipped, ${screen}`);
  else log(`case page in Chromium: its cases:get request alone, timed in the page through the test bridge, median ${ms(median(screen.caseCall))}`);

  const row = (figure: string, target: number, measured: number[], reference: number[], referenceName: string): Row => ({
    figure,
    target: `≤ ${target} ms`,
    measured: `${ms(p95(measured))} (${ms(median(measured))})`,
    reference: `${referenceName} ${ms(p95(reference))}`,
    ratio: ratio(p95(measured), p95(reference)),
    result: verdict(p95(measured) <= target),
  });
  rows.push(
    row(`search p95, ${QUERIES} queries`, TARGETS.searchP95, api.search, ref.search, 'bare FTS5 match'),
    row(`open case of ${BIG_CASE_EXHIBITS} exhibits (first 200)`, TARGETS.openCase, api.open, ref.open, 'SELECT 200 exhibit rows'),
    row(`list ${CASES} cases with counts`, TARGETS.listCases, api.list, ref.list, `SELECT ${CASES} case rows`),
    typeof screen === 'string'
      ? { figure: `case page in Chromium, ${BIG_CASE_EXHIBITS} exhibits`, target: `≤ ${TARGETS.openCase} ms`, measured: 'skipped', reference: screen, ratio: '', result: 'SKIP' }
      : row(`case page in Chromium, ${BIG_CASE_EXHIBITS} exhibits: first row on screen`, TARGETS.openCase, screen.caseScreen, screen.itemsScreen, `items list (${ITEMS} items) first row`),
    {
      figure: 'first calls after unlock (search, open, list)',
      target: '— (information)',
      measured: `${ms(api.searchCold)}, ${ms(api.openCold)}, ${ms(api.listCold)}`,
      reference: '',
      ratio: '',
      result: 'INFO',
    },
  );
});

report(args, { bench: 'cases', notes, rows });
