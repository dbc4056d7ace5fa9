import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppError } from '../../../src-shared/result.ts';
import { PERSON_ROLES } from '../../../src-shared/types/cases.ts';
import type { CaseDetail, CasePersonView, PersonRole, RevealedIdentity } from '../../../src-shared/types/cases.ts';
import { invoke } from '../../api.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { useFocusLater } from '../../use-focus-later.ts';
import { SelectField, TextField } from './fields.tsx';
import { RevealDialog } from './RevealDialog.tsx';

/**
 * People of the case, by pseudonym. A protected identity is shown only after a confirmed reveal
 * (a custody event), and only while this tab is open: leaving it or pressing Hide forgets it.
 */
export function PeopleTab({ detail, onChanged }: { detail: CaseDetail; onChanged: () => Promise<void> }) {
  const { t } = useTranslation();
  const focusLater = useFocusLater();
  const [adding, setAdding] = useState(false);
  const [confirming, setConfirming] = useState<CasePersonView | null>(null);
  const [revealed, setRevealed] = useState<ReadonlyMap<number, RevealedIdentity>>(new Map());
  const [notice, setNotice] = useState('');
  const hide = (personId: number) => {
    setRevealed((m) => {
      const next = new Map(m);
      next.delete(personId);
      return next;
    });
    focusLater(`reveal-${personId}`);
  };

  return (
    <div className="people-tab">
      <div className="section-head">
        <h2 id="people-title">{t('people.title')}</h2>
        {!adding && (
          <button type="button" className="button" id="people-add" onClick={() => setAdding(true)}>
            {t('people.add')}
          </button>
        )}
      </div>
      <p className="help">{t('people.intro')}</p>
      <p role="status" className="save-status tab-notice">
        {notice}
      </p>
      {adding && (
        <AddPersonForm
          caseId={detail.id}
          onCancel={() => {
            setAdding(false);
            focusLater('people-add');
          }}
          onAdded={(person) => {
            setAdding(false);
            setNotice(t('people.added', { pseudonym: person.pseudonym }));
            void onChanged();
            focusLater('people-add');
          }}
        />
      )}
      {detail.persons.length === 0 ? (
        <p className="help empty-results">{t('people.empty')}</p>
      ) : (
        <ul className="people-list" aria-labelledby="people-title" data-testid="people-list">
          {detail.persons.map((p) => {
            const identity = revealed.get(p.id);
            return (
              <li key={p.id} className="person" data-testid="person">
                <div className="person-head">
                  <span className="person-pseudonym" data-testid="person-pseudonym">
                    {p.pseudonym}
                  </span>
                  <span className="person-roles">
                    {p.roles.map((r) => (
                      <span key={r} className="role-chip">
                        {t(`people.roles.${r}`)}
                      </span>
                    ))}
                  </span>
                  <span className="person-identity muted">{p.hasIdentity ? t('people.identityRecorded') : t('people.noIdentity')}</span>
                  {p.hasIdentity && !identity && (
                    <button type="button" className="button secondary small" id={`reveal-${p.id}`} onClick={() => setConfirming(p)}>
                      {t('people.reveal')}
                    </button>
                  )}
                </div>
                {identity && <RevealedPanel identity={identity} onHide={() => hide(p.id)} />}
              </li>
            );
          })}
        </ul>
      )}
      {confirming && (
        <RevealDialog
          person={confirming}
          onClose={() => setConfirming(null)}
          onReveal={async (reason) => {
            const result = await invoke('cases:reveal-identity', { personId: confirming.id, caseId: detail.id, ...(reason ? { reason } : {}) });
            if (!result.ok) return result.error;
            setConfirming(null);
            setRevealed((m) => new Map(m).set(confirming.id, result.value));
            focusLater(`hide-${confirming.id}`);
            return null;
          }}
        />
      )}
    </div>
  );
}

function RevealedPanel({ identity, onHide }: { identity: RevealedIdentity; onHide(): void }) {
  const { t } = useTranslation();
  const titleId = `identity-${identity.personId}-title`;
  const none = <span className="muted">{t('people.notRecorded')}</span>;
  return (
    <section className="identity-panel" aria-labelledby={titleId} data-testid="identity-panel">
      <div className="identity-head">
        <h3 id={titleId}>
          <span aria-hidden="true">⚠ </span>
          {t('people.revealedTitle', { pseudonym: identity.pseudonym })}
        </h3>
        <button type="button" className="button small" id={`hide-${identity.personId}`} onClick={onHide}>
          {t('people.hide')}
        </button>
      </div>
      <p className="identity-warning">{t('people.revealedWarning')}</p>
      <dl className="identity-facts">
        <dt>{t('people.realName')}</dt>
        <dd data-testid="identity-real-name">{identity.realName ?? none}</dd>
        <dt>{t('people.contacts')}</dt>
        <dd className="pre-line">{identity.contacts ?? none}</dd>
        <dt>{t('people.identityNotes')}</dt>
        <dd className="pre-line">{identity.notes ?? none}</dd>
      </dl>
    </section>
  );
}

function AddPersonForm({ caseId, onAdded, onCancel }: { caseId: string; onAdded(person: CasePersonView): void; onCancel(): void }) {
  const { t } = useTranslation();
  const [pseudonym, setPseudonym] = useState('');
  const [role, setRole] = useState<PersonRole>('witness');
  const [realName, setRealName] = useState('');
  const [contacts, setContacts] = useState('');
  const [notes, setNotes] = useState('');
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => document.getElementById('person-pseudonym')?.focus(), []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (!pseudonym.trim()) {
      setMissing(true);
      document.getElementById('person-pseudonym')?.focus();
      return;
    }
    const given = (text: string) => (text.trim() ? text.trim() : null);
    const identity = { realName: given(realName), contacts: given(contacts), notes: given(notes) };
    const hasIdentity = identity.realName !== null || identity.contacts !== null || identity.notes !== null;
    setBusy(true);
    const result = await invoke('cases:add-person', { caseId, pseudonym: pseudonym.trim(), role, ...(hasIdentity ? { identity } : {}) });
    setBusy(false);
    if (result.ok) onAdded(result.value);
    else setError(result.error);
  };

  return (
    <form className="panel person-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="person-form-title" data-testid="person-form">
      <h3 id="person-form-title">{t('people.formTitle')}</h3>
      <div className="form-grid">
        <TextField
          id="person-pseudonym"
          label={t('people.pseudonym')}
          value={pseudonym}
          onChange={(v) => {
            setPseudonym(v);
            setMissing(false);
          }}
          required
          maxLength={200}
          help={t('people.pseudonymHelp')}
          error={missing ? t('people.pseudonymMissing') : null}
        />
        <SelectField<PersonRole> id="person-role" label={t('people.role')} value={role} options={PERSON_ROLES} labelOf={(r) => t(`people.roles.${r}`)} onChange={setRole} />
      </div>
      <fieldset className="identity-fieldset" aria-describedby="identity-fieldset-help">
        <legend>{t('people.identityLegend')}</legend>
        <p id="identity-fieldset-help" className="help">
          {t('people.identityHelp')}
        </p>
        <TextField id="person-real-name" label={t('people.realName')} value={realName} onChange={setRealName} maxLength={500} className="wide" />
        <TextField id="person-contacts" label={t('people.contacts')} value={contacts} onChange={setContacts} rows={2} maxLength={5000} className="wide" />
        <TextField id="person-identity-notes" label={t('people.identityNotes')} value={notes} onChange={setNotes} rows={2} maxLength={20_000} className="wide" />
      </fieldset>
      {error && <ErrorBanner error={error} />}
      <div className="actions">
        <button type="submit" className="button" disabled={busy}>
          {t('people.save')}
        </button>
        <button type="button" className="button secondary" onClick={onCancel}>
          {t('people.cancel')}
        </button>
      </div>
    </form>
  );
}
