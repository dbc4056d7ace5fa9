/**
 * People in cases, known by pseudonym. The protected identity block (real name, contacts, notes)
 * is written here and read only by revealIdentity, a deliberate act recorded in the custody log
 * (without the identity itself). No other view, list, search or export includes it.
 */
import type { CasePersonView, IdentityBlock, PersonRole, RevealedIdentity } from '../../../src-shared/types/cases.ts';
import { PERSON_ROLES } from '../../../src-shared/types/cases.ts';
import type { IdentityRow, PersonRow } from '../db/case-store.ts';
import { VaultError } from '../errors/vault-error.ts';
import type { Vault } from '../vault/vault.ts';
import { resolveCase, toPersonView } from './case-records.ts';
import { oneOf, optionalText, positiveId, requiredText } from './validate.ts';

export type NewPerson = { pseudonym: string; role: PersonRole; identity?: IdentityBlock };

/** Adds a person to the case under a pseudonym, with an optional protected identity. */
export function addPerson(vault: Vault, caseRef: string, input: NewPerson): CasePersonView {
  const pseudonym = requiredText(input.pseudonym, 'The pseudonym', 200);
  const role = oneOf(input.role, PERSON_ROLES, 'The role');
  const identity = input.identity === undefined ? undefined : checkIdentity(input.identity);
  const store = vault.store;
  return store.transaction(() => {
    const c = resolveCase(vault, caseRef);
    const now = new Date().toISOString();
    const personId = store.cases.insertPerson(pseudonym, now);
    store.cases.addCasePerson(c.id, personId, role, now);
    const recorded = identity !== undefined && hasContent(identity);
    if (recorded) store.cases.writeIdentity(personId, identity, now);
    vault.log('person.added', { caseId: c.id, details: { caseNumber: c.number, personId, pseudonym, role, identityRecorded: recorded } });
    return toPersonView({ ...(store.cases.getPerson(personId) as PersonRow), roles: [role] });
  });
}

/** Gives an existing person a role in a case (a person may appear in several cases and roles). */
export function linkPerson(vault: Vault, caseRef: string, personId: number, role: PersonRole): void {
  const id = positiveId(personId, 'The person id');
  const checkedRole = oneOf(role, PERSON_ROLES, 'The role');
  const store = vault.store;
  store.transaction(() => {
    const c = resolveCase(vault, caseRef);
    personOrThrow(vault, id);
    if (!store.cases.addCasePerson(c.id, id, checkedRole, new Date().toISOString())) {
      throw new VaultError('DUPLICATE', `Person ${id} already has the role ${checkedRole} in case ${c.number}.`);
    }
    vault.log('person.linked', { caseId: c.id, details: { caseNumber: c.number, personId: id, role: checkedRole } });
  });
}

/** Records or replaces the protected identity. The custody event says that it changed, not what it says. */
export function setIdentity(vault: Vault, personId: number, identity: IdentityBlock): void {
  const id = positiveId(personId, 'The person id');
  const block = checkIdentity(identity);
  if (!hasContent(block)) throw new VaultError('INPUT_ERROR', 'The identity needs a real name, contacts or notes.');
  const store = vault.store;
  store.transaction(() => {
    personOrThrow(vault, id);
    store.cases.writeIdentity(id, block, new Date().toISOString());
    vault.log('person.identity_set', { details: { personId: id } });
  });
}

/**
 * The protected identity of a person, for the one who asked on purpose. The reveal is a custody
 * event, committed together with the read: if it cannot be logged, nothing is returned. Revealed
 * while working on a case (`caseRef`), the event belongs to that case, where its timeline shows it.
 */
export function revealIdentity(vault: Vault, personId: number, options: { reason?: string; caseRef?: string } = {}): RevealedIdentity {
  const id = positiveId(personId, 'The person id');
  const reason = optionalText(options.reason, 'The reason', 500);
  const store = vault.store;
  return store.transaction(() => {
    const person = personOrThrow(vault, id);
    const inCase = options.caseRef === undefined ? undefined : resolveCase(vault, options.caseRef);
    if (inCase && !store.cases.personInCase(inCase.id, id)) throw new VaultError('NOT_FOUND', `No person ${id} in case ${inCase.number}.`);
    const block: IdentityRow | undefined = store.cases.readIdentity(id);
    vault.log('person.identity_revealed', {
      ...(inCase ? { caseId: inCase.id } : {}),
      details: { personId: id, recorded: block !== undefined, ...(inCase ? { caseNumber: inCase.number } : {}), ...(reason ? { reason } : {}) },
    });
    return {
      personId: id,
      pseudonym: person.pseudonym,
      recorded: block !== undefined,
      realName: block?.realName ?? null,
      contacts: block?.contacts ?? null,
      notes: block?.notes ?? null,
    };
  });
}

function personOrThrow(vault: Vault, id: number): PersonRow {
  const person = vault.store.cases.getPerson(id);
  if (!person) throw new VaultError('NOT_FOUND', `No person with id ${id}.`);
  return person;
}

function checkIdentity(identity: IdentityBlock): { realName: string | null; contacts: string | null; notes: string | null } {
  if (typeof identity !== 'object' || identity === null) throw new VaultError('INPUT_ERROR', 'The identity must be an object.');
  return {
    realName: optionalText(identity.realName, 'The real name', 500),
    contacts: optionalText(identity.contacts, 'The contacts', 5000),
    notes: optionalText(identity.notes, 'The identity notes', 20_000),
  };
}

const hasContent = (b: { realName: string | null; contacts: string | null; notes: string | null }): boolean =>
  b.realName !== null || b.contacts !== null || b.notes !== null;
