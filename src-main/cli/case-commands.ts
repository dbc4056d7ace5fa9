/**
 * case create|list|show|link|unlink, person add|reveal, incident add, search — and the linking
 * behind `ingest --case`. Same conventions as vault-commands.ts: the passphrase from the
 * environment, a file or a prompt; --json; exit codes 0/1/2/3; errors one line.
 *
 * A person's real name, contacts and identity notes never come from argv either: the command line
 * lands in shell history and is visible to every user of the machine in the process list, and a
 * real name there can cost a life. They come from --identity-file (JSON) or --ask-identity.
 */
import type { Command } from 'commander';
import { Option } from 'commander';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import {
  addIncident,
  addPerson,
  createCase,
  getCase,
  linkItems,
  listCases,
  revealIdentity,
  search,
  unlinkItem,
  Vault,
  VaultError,
} from '../core/index.ts';
import type { IngestOutcome, LinkOutcome } from '../core/index.ts';
import type { CaseDetail, IdentityBlock, PersonRole, SearchFilters, SearchHit, SearchKind, ShareableFilter } from '../../src-shared/types/cases.ts';
import { CASE_STATUSES, PERSON_ROLES, SEARCH_KINDS, SHAREABLE_FILTERS } from '../../src-shared/types/cases.ts';
import { readSecret } from './secrets.ts';
import { PASSPHRASE_FILE_OPTION, print, printJson } from './output.ts';

type Opts = { json?: boolean; passphraseFile?: string };


/** Unlocks, runs, and always locks again (wiping keys), whatever happens. */
async function withVault<T>(folder: string, opts: Opts, fn: (vault: Vault) => T | Promise<T>): Promise<T> {
  const secret = await readSecret({ env: 'EVIDENCE_VAULT_PASSPHRASE', file: opts.passphraseFile, prompt: 'Passphrase: ' });
  const vault = await Vault.unlock(path.resolve(folder), secret);
  try {
    return await fn(vault);
  } finally {
    vault.lock();
  }
}

/**
 * For `ingest --case N`: links every ingested item and every duplicate to the case (items already
 * in it stay as they are). Returns each item's exhibit label.
 */
export function linkIngestedToCase(vault: Vault, caseRef: string, outcomes: readonly IngestOutcome[]): Map<string, LinkOutcome> {
  const ids = outcomes.filter((o) => o.status !== 'error' && o.id !== undefined).map((o) => o.id as string);
  const labels = new Map<string, LinkOutcome>();
  if (ids.length === 0) return labels;
  for (const link of linkItems(vault, caseRef, ids, { alreadyLinked: 'skip' })) labels.set(link.itemId, link);
  return labels;
}

/** Fails before anything is imported when `ingest --case` names no case. */
export function assertCaseExists(vault: Vault, caseRef: string): void {
  getCase(vault, caseRef, { exhibitLimit: 0 });
}

export function registerCaseCommands(program: Command): void {
  const passphraseFile = PASSPHRASE_FILE_OPTION;
  const json = ['--json', 'machine-readable output'] as const;

  const cases = program.command('case').description('cases: create, list, show, link and unlink exhibits');

  cases
    .command('create')
    .description('create a case')
    .argument('<vault>')
    .requiredOption('--number <number>', 'case number, unique in the vault (e.g. RLN-2018-014)')
    .requiredOption('--title <title>', 'title')
    .option('--forum <forum>', 'court, committee or authority')
    .option('--jurisdiction <jurisdiction>', 'jurisdiction')
    .addOption(new Option('--status <status>', 'status').choices(CASE_STATUSES))
    .option('--opened <date>', 'date opened, YYYY-MM-DD')
    .option('--filed <date>', 'date filed, YYYY-MM-DD')
    .option('--description <text>', 'description')
    .option('--exhibit-pattern <pattern>', 'exhibit labels, {n} or {n:03} for the number (default EX-{n:03})')
    .option(...passphraseFile)
    .option(...json)
    .action(async (folder: string, opts: Opts & Record<string, string | undefined>) => {
      await withVault(folder, opts, (vault) => {
        const c = createCase(vault, {
          number: opts['number'] as string,
          title: opts['title'] as string,
          ...(opts['forum'] !== undefined ? { forum: opts['forum'] } : {}),
          ...(opts['jurisdiction'] !== undefined ? { jurisdiction: opts['jurisdiction'] } : {}),
          ...(opts['status'] !== undefined ? { status: opts['status'] as (typeof CASE_STATUSES)[number] } : {}),
          ...(opts['opened'] !== undefined ? { openedOn: opts['opened'] } : {}),
          ...(opts['filed'] !== undefined ? { filedOn: opts['filed'] } : {}),
          ...(opts['description'] !== undefined ? { description: opts['description'] } : {}),
          ...(opts['exhibitPattern'] !== undefined ? { exhibitPattern: opts['exhibitPattern'] } : {}),
        });
        if (opts.json) return printJson(c);
        print(`Case ${c.number} created (${c.id}).`);
      });
    });

  cases
    .command('list')
    .description('list the cases')
    .argument('<vault>')
    .option(...passphraseFile)
    .option(...json)
    .action(async (folder: string, opts: Opts) => {
      await withVault(folder, opts, (vault) => {
        const { total, cases: rows } = listCases(vault);
        if (opts.json) return printJson({ total, cases: rows });
        for (const c of rows) {
          print(`${c.number.padEnd(20)}  ${c.status.padEnd(6)}  ${String(c.exhibitCount).padStart(6)} exhibits  ${String(c.personCount).padStart(4)} people  ${c.title}`);
        }
        print(`${total} cases`);
      });
    });

  cases
    .command('show')
    .description('one case: details, exhibits in order (with both hashes), people by pseudonym, incidents')
    .argument('<vault>')
    .argument('<number>', 'case number (or id)')
    .option(...passphraseFile)
    .option(...json)
    .action(async (folder: string, number: string, opts: Opts) => {
      await withVault(folder, opts, (vault) => {
        const c = getCase(vault, number, { exhibitLimit: Number.MAX_SAFE_INTEGER });
        if (opts.json) return printJson(c);
        printCase(c);
      });
    });

  cases
    .command('link')
    .description('link items to a case as its next exhibits (all or none)')
    .argument('<vault>')
    .argument('<item-id...>')
    .requiredOption('--case <number>', 'case number (or id)')
    .option('--exhibit <label>', 'an explicit exhibit label (one item only) instead of the next from the pattern')
    .option('--description <text>', 'exhibit description')
    .option(...passphraseFile)
    .option(...json)
    .action(async (folder: string, itemIds: string[], opts: Opts & { case: string; exhibit?: string; description?: string }) => {
      await withVault(folder, opts, (vault) => {
        const exhibits = linkItems(vault, opts.case, itemIds, {
          ...(opts.exhibit !== undefined ? { label: opts.exhibit } : {}),
          ...(opts.description !== undefined ? { description: opts.description } : {}),
        });
        const number = getCase(vault, opts.case, { exhibitLimit: 0 }).number;
        if (opts.json) return printJson({ case: number, exhibits });
        for (const e of exhibits) print(`linked  ${e.label.padEnd(12)}  ${e.itemId}  (case ${number}, position ${e.position})`);
      });
    });

  cases
    .command('unlink')
    .description('remove an item from a case; the item stays in the vault')
    .argument('<vault>')
    .argument('<item-id>')
    .requiredOption('--case <number>', 'case number (or id)')
    .option(...passphraseFile)
    .option(...json)
    .action(async (folder: string, itemId: string, opts: Opts & { case: string }) => {
      await withVault(folder, opts, (vault) => {
        const number = getCase(vault, opts.case, { exhibitLimit: 0 }).number;
        const removed = unlinkItem(vault, opts.case, itemId);
        if (opts.json) return printJson({ case: number, ...removed });
        print(`unlinked  ${removed.label}  ${removed.itemId}  from case ${number} (the item stays in the vault)`);
      });
    });

  const person = program.command('person').description('people in cases, known by pseudonym');

  person
    .command('add')
    .description('add a person to a case under a pseudonym; a protected identity only from a file or a prompt')
    .argument('<vault>')
    .requiredOption('--case <number>', 'case number (or id)')
    .requiredOption('--pseudonym <name>', 'the name always shown (e.g. "Witness W-1")')
    .addOption(new Option('--role <role>', 'role in the case').choices(PERSON_ROLES).makeOptionMandatory())
    .option('--identity-file <file>', 'protected identity as JSON: {"realName", "contacts", "notes"}')
    .option('--ask-identity', 'ask for the protected identity on the terminal')
    // Refused with a message: a real name on the command line ends up in shell history.
    .addOption(new Option('--real-name <name>').hideHelp())
    .option(...passphraseFile)
    .option(...json)
    .action(
      async (
        folder: string,
        opts: Opts & { case: string; pseudonym: string; role: PersonRole; identityFile?: string; askIdentity?: boolean; realName?: string },
      ) => {
        if (opts.realName !== undefined) {
          throw new VaultError('INPUT_ERROR', 'Real names are never taken from the command line (shell history): use --identity-file or --ask-identity.');
        }
        if (opts.identityFile !== undefined && opts.askIdentity) throw new VaultError('INPUT_ERROR', 'Use --identity-file or --ask-identity, not both.');
        const identity = opts.identityFile !== undefined ? await identityFromFile(opts.identityFile) : opts.askIdentity ? await askIdentity() : undefined;
        await withVault(folder, opts, (vault) => {
          const p = addPerson(vault, opts.case, { pseudonym: opts.pseudonym, role: opts.role, ...(identity ? { identity } : {}) });
          const number = getCase(vault, opts.case, { exhibitLimit: 0 }).number;
          if (opts.json) return printJson({ case: number, person: p });
          print(`Person ${p.id} "${p.pseudonym}" added to case ${number} as ${p.roles.join(', ')}${p.hasIdentity ? ' (identity protected)' : ''}.`);
        });
      },
    );

  person
    .command('reveal')
    .description("show a person's protected identity (recorded in the custody log)")
    .argument('<vault>')
    .argument('<person-id>')
    .option('--reason <text>', 'why it is revealed (kept in the custody log)')
    .option(...passphraseFile)
    .option(...json)
    .action(async (folder: string, personId: string, opts: Opts & { reason?: string }) => {
      const id = Number(personId);
      if (!Number.isSafeInteger(id) || id < 1) throw new VaultError('INPUT_ERROR', 'The person id must be a positive whole number.');
      await withVault(folder, opts, (vault) => {
        const r = revealIdentity(vault, id, opts.reason !== undefined ? { reason: opts.reason } : {});
        if (opts.json) return printJson(r);
        print(`Person ${r.personId} "${r.pseudonym}" (this reveal is in the custody log)`);
        if (!r.recorded) return print('  no identity recorded');
        print(`  real name  ${r.realName ?? '-'}`);
        print(`  contacts   ${r.contacts ?? '-'}`);
        print(`  notes      ${r.notes ?? '-'}`);
      });
    });

  program
    .command('incident')
    .description('incidents of a case')
    .command('add')
    .description('add an incident: a date as stated (2017-03, "around 2018-07-20", 2017-03-01/2017-03-05), place and description')
    .argument('<vault>')
    .requiredOption('--case <number>', 'case number (or id)')
    .requiredOption('--date <date>', 'date, month, year or range; "around …" for approximate dates')
    .option('--place <place>', 'where')
    .option('--lat <latitude>', 'latitude (with --lon)')
    .option('--lon <longitude>', 'longitude (with --lat)')
    .option('--description <text>', 'what happened')
    .option('--person <id...>', 'ids of people of the case involved')
    .option(...passphraseFile)
    .option(...json)
    .action(
      async (
        folder: string,
        opts: Opts & { case: string; date: string; place?: string; lat?: string; lon?: string; description?: string; person?: string[] },
      ) => {
        const coordinate = (v: string | undefined) => (v === undefined ? null : Number(v));
        await withVault(folder, opts, (vault) => {
          const incident = addIncident(vault, opts.case, {
            date: opts.date,
            place: opts.place ?? null,
            latitude: coordinate(opts.lat),
            longitude: coordinate(opts.lon),
            description: opts.description ?? null,
            personIds: (opts.person ?? []).map(Number),
          });
          const number = getCase(vault, opts.case, { exhibitLimit: 0 }).number;
          if (opts.json) return printJson({ case: number, incident });
          print(`Incident ${incident.id} added to case ${number}: ${incident.dateText} (${incident.dateStart} – ${incident.dateEnd}, ${incident.precision})`);
        });
      },
    );

  program
    .command('search')
    .description('search cases, people (by pseudonym), incidents, items (names, metadata, tags) and notes; word* matches prefixes')
    .argument('<vault>')
    .argument('<query...>', 'words to find (all of them)')
    .option('--case <number>', 'only records of this case')
    .addOption(new Option('--kind <kind...>', 'only these kinds of record').choices(SEARCH_KINDS))
    .option('--type <media-type>', 'items of this media type (image/jpeg, or image)')
    .option('--from <date>', 'from this date (2018, 2018-07, 2018-07-20)')
    .option('--to <date>', 'up to this date')
    .addOption(new Option('--shareable <status>', 'items whose shareable copy has this status').choices(SHAREABLE_FILTERS))
    .option('--tag <tag>', 'items and cases with this tag')
    .option('--limit <n>', 'hits per kind (default 20)')
    .option(...passphraseFile)
    .option(...json)
    .action(
      async (
        folder: string,
        words: string[],
        opts: Opts & { case?: string; kind?: SearchKind[]; type?: string; from?: string; to?: string; shareable?: ShareableFilter; tag?: string; limit?: string },
      ) => {
        const filters: SearchFilters = {
          ...(opts.case !== undefined ? { caseNumber: opts.case } : {}),
          ...(opts.kind !== undefined ? { kinds: opts.kind } : {}),
          ...(opts.type !== undefined ? { mediaType: opts.type } : {}),
          ...(opts.from !== undefined ? { from: opts.from } : {}),
          ...(opts.to !== undefined ? { to: opts.to } : {}),
          ...(opts.shareable !== undefined ? { shareableStatus: opts.shareable } : {}),
          ...(opts.tag !== undefined ? { tag: opts.tag } : {}),
        };
        const limit = opts.limit === undefined ? undefined : Number(opts.limit);
        await withVault(folder, opts, (vault) => {
          const results = search(vault, words.join(' '), filters, limit === undefined ? {} : { limitPerKind: limit });
          if (opts.json) return printJson(results);
          const headings: Record<SearchKind, string> = { case: 'Cases', person: 'People', incident: 'Incidents', item: 'Items', note: 'Notes' };
          let total = 0;
          for (const kind of SEARCH_KINDS) {
            const hits = results.groups[kind];
            if (hits.length === 0) continue;
            total += hits.length;
            print(`${headings[kind]} (${hits.length}${results.more[kind] ? '+' : ''})`);
            for (const hit of hits) print(`  ${hit.id.padEnd(14)}  ${hit.title}${contextOf(hit)}\n  ${''.padEnd(14)}  ${marked(hit)}`);
          }
          if (total === 0) print(results.query === '' ? 'Nothing to search for.' : 'No matches.');
        });
      },
    );
}

function printCase(c: CaseDetail): void {
  print(`${c.number}  ${c.title}  (${c.id})`);
  print(`  status        ${c.status}${c.openedOn ? `, opened ${c.openedOn}` : ''}${c.filedOn ? `, filed ${c.filedOn}` : ''}`);
  if (c.forum) print(`  forum         ${c.forum}`);
  if (c.jurisdiction) print(`  jurisdiction  ${c.jurisdiction}`);
  if (c.description) print(`  description   ${c.description}`);
  if (c.tags.length > 0) print(`  tags          ${c.tags.join(', ')}`);
  print(`  exhibits (${c.exhibits.total})`);
  for (const e of c.exhibits.rows) {
    const copy = e.shareable?.sha256 ? `  shareable ${e.shareable.sha256.slice(0, 16)}…` : e.shareable ? `  shareable ${e.shareable.status}` : '';
    print(`    ${String(e.position).padStart(4)}  ${e.label.padEnd(12)}  ${e.itemId}  ${e.sha256.slice(0, 16)}…${copy}  ${e.name}`);
  }
  print(`  people (${c.persons.length})`);
  for (const p of c.persons) print(`    #${p.id}  ${p.pseudonym}  ${p.roles.join(', ')}${p.hasIdentity ? '  [identity protected]' : ''}`);
  print(`  incidents (${c.incidents.length})`);
  for (const x of c.incidents) print(`    #${x.id}  ${x.dateText}${x.place ? `  ${x.place}` : ''}${x.description ? `  ${x.description}` : ''}`);
  if (c.caseNotes.length > 0) {
    print('  notes');
    for (const n of c.caseNotes) print(`    ${n.createdAt}  ${n.author}: ${n.text}`);
  }
}

function contextOf(hit: SearchHit): string {
  if (hit.kind === 'case' || hit.cases.length === 0) return '';
  return `  [${hit.cases.map((c) => c.number).join(', ')}]`;
}

/** The snippet with its matches in bold on a terminal, plain otherwise. */
function marked(hit: SearchHit): string {
  if (!process.stdout.isTTY) return hit.snippet;
  let out = '';
  let at = 0;
  for (const [start, end] of hit.highlights) {
    out += `${hit.snippet.slice(at, start)}\u001b[1m${hit.snippet.slice(start, end)}\u001b[22m`;
    at = end;
  }
  return out + hit.snippet.slice(at);
}

async function identityFromFile(file: string): Promise<IdentityBlock> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    throw new VaultError('INPUT_ERROR', 'The identity file cannot be read as JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new VaultError('INPUT_ERROR', 'The identity file must hold a JSON object with realName, contacts and/or notes.');
  }
  const o = parsed as Record<string, unknown>;
  const unknownKeys = Object.keys(o).filter((k) => !['realName', 'contacts', 'notes'].includes(k));
  if (unknownKeys.length > 0) throw new VaultError('INPUT_ERROR', 'The identity file may only hold realName, contacts and notes.');
  for (const k of ['realName', 'contacts', 'notes']) {
    if (o[k] !== undefined && o[k] !== null && typeof o[k] !== 'string') throw new VaultError('INPUT_ERROR', `In the identity file, ${k} must be text.`);
  }
  return { realName: (o['realName'] as string | undefined) ?? null, contacts: (o['contacts'] as string | undefined) ?? null, notes: (o['notes'] as string | undefined) ?? null };
}

async function askIdentity(): Promise<IdentityBlock> {
  if (!process.stdin.isTTY) throw new VaultError('INPUT_ERROR', '--ask-identity needs a terminal; use --identity-file instead.');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const realName = await rl.question('Real name (protected): ');
    const contacts = await rl.question('Contacts (protected): ');
    const notes = await rl.question('Identity notes (protected): ');
    return { realName, contacts, notes };
  } finally {
    rl.close();
  }
}
