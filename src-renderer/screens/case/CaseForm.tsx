import { useEffect, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseInput } from '../../../src-shared/contract.ts';
import type { AppError, Result } from '../../../src-shared/result.ts';
import { CASE_STATUSES } from '../../../src-shared/types/cases.ts';
import type { CaseStatus, CaseSummary } from '../../../src-shared/types/cases.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { useFocusLater } from '../../use-focus-later.ts';
import { CoreMessage } from './CoreMessage.tsx';
import { SelectField, TextField } from './fields.tsx';

/** What the form edits, as text fields (empty = not given). */
export interface CaseFormValues {
  number: string;
  title: string;
  forum: string;
  jurisdiction: string;
  status: CaseStatus;
  openedOn: string;
  filedOn: string;
  exhibitPattern: string;
  description: string;
  notes: string;
}

export const NEW_CASE: CaseFormValues = {
  number: '',
  title: '',
  forum: '',
  jurisdiction: '',
  status: 'open',
  openedOn: '',
  filedOn: '',
  exhibitPattern: 'EX-{n:03}',
  description: '',
  notes: '',
};

type Problem = 'number' | 'title' | 'exhibitPattern';
/** The core's own rule: the number appears once, as {n} or {n:03}. */
const ONE_PLACEHOLDER = /^[^{}]*\{n(?::0\d)?\}[^{}]*$/u;

/**
 * The case form, for a new case and for editing one. Empty required fields and a pattern without
 * its number are caught here; a number already taken comes back from the core as DUPLICATE and is
 * shown at the number field.
 */
export function CaseForm({
  idPrefix,
  initial,
  editing,
  title,
  submitLabel,
  onSave,
  onSaved,
  onCancel,
}: {
  idPrefix: string;
  initial: CaseFormValues;
  /** Editing also shows the filing date and the case notes. */
  editing: boolean;
  title: string;
  submitLabel: string;
  /** Gets the whole case and just what changed from `initial`: a new case sends the first, an edit the second. */
  onSave(fields: CaseInput, changed: Partial<CaseInput>): Promise<Result<CaseSummary>>;
  onSaved(saved: CaseSummary): void;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const focusLater = useFocusLater();
  const [values, setValues] = useState<CaseFormValues>(initial);
  const [problems, setProblems] = useState<Partial<Record<Problem, ReactNode>>>({});
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const id = (field: keyof CaseFormValues) => `${idPrefix}-${field}`;
  useEffect(() => document.getElementById(`${idPrefix}-number`)?.focus(), [idPrefix]);
  const set = (field: keyof CaseFormValues) => (value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    if (field in problems) setProblems((p) => ({ ...p, [field]: undefined }));
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const found: Partial<Record<Problem, ReactNode>> = {};
    if (!values.number.trim()) found.number = t('cases.form.numberMissing');
    if (!values.title.trim()) found.title = t('cases.form.titleMissing');
    if (!ONE_PLACEHOLDER.test(values.exhibitPattern.trim())) found.exhibitPattern = t('cases.form.patternInvalid');
    setProblems(found);
    const first = (['number', 'title', 'exhibitPattern'] as const).find((k) => found[k]);
    if (first) {
      focusLater(id(first));
      return;
    }
    setBusy(true);
    const result = await onSave(caseInput(values), changedFields(initial, values));
    setBusy(false);
    if (result.ok) {
      onSaved(result.value);
      return;
    }
    if (result.error.code === 'DUPLICATE') {
      setProblems({ number: t('cases.form.numberTaken') });
      focusLater(id('number'));
    } else if (result.error.code === 'INPUT_ERROR' && /pattern/i.test(result.error.message)) {
      setProblems({ exhibitPattern: <CoreMessage error={result.error} lead={t('cases.form.patternInvalid')} /> });
      focusLater(id('exhibitPattern'));
    } else setError(result.error);
  };

  const labelOf = (s: CaseStatus) => t(`cases.status.${s}`);
  return (
    <form className="panel case-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby={`${idPrefix}-heading`} data-testid="case-form">
      <h2 id={`${idPrefix}-heading`}>{title}</h2>
      <p className="help">{t('cases.form.requiredNote')}</p>
      <div className="form-grid">
        <TextField id={id('number')} label={t('cases.fields.number')} value={values.number} onChange={set('number')} required maxLength={100} error={problems.number} help={t('cases.form.numberHelp')} />
        <TextField id={id('title')} label={t('cases.fields.title')} value={values.title} onChange={set('title')} required maxLength={500} error={problems.title} className="span-2" />
        <TextField id={id('forum')} label={t('cases.fields.forum')} value={values.forum} onChange={set('forum')} maxLength={500} help={t('cases.form.forumHelp')} />
        <TextField id={id('jurisdiction')} label={t('cases.fields.jurisdiction')} value={values.jurisdiction} onChange={set('jurisdiction')} maxLength={200} />
        <SelectField id={id('status')} label={t('cases.fields.status')} value={values.status} options={CASE_STATUSES} labelOf={labelOf} onChange={(s) => setValues((v) => ({ ...v, status: s }))} />
        <TextField id={id('openedOn')} label={t('cases.fields.openedOn')} value={values.openedOn} onChange={set('openedOn')} type="date" />
        {editing && <TextField id={id('filedOn')} label={t('cases.fields.filedOn')} value={values.filedOn} onChange={set('filedOn')} type="date" />}
        <TextField
          id={id('exhibitPattern')}
          label={t('cases.fields.exhibitPattern')}
          value={values.exhibitPattern}
          onChange={set('exhibitPattern')}
          maxLength={60}
          error={problems.exhibitPattern}
          help={t('cases.form.patternHelp')}
          className="mono-input"
        />
        <TextField id={id('description')} label={t('cases.fields.description')} value={values.description} onChange={set('description')} rows={3} className="span-all" />
        {editing && <TextField id={id('notes')} label={t('cases.fields.notes')} value={values.notes} onChange={set('notes')} rows={3} className="span-all" help={t('cases.form.notesHelp')} />}
      </div>
      {error && <ErrorBanner error={error} />}
      <div className="actions">
        <button type="submit" className="button" disabled={busy}>
          {busy ? t('cases.form.saving') : submitLabel}
        </button>
        <button type="button" className="button secondary" onClick={onCancel}>
          {t('cases.form.cancel')}
        </button>
      </div>
    </form>
  );
}

const orNull = (text: string): string | null => (text.trim() ? text.trim() : null);

function caseInput(v: CaseFormValues): CaseInput {
  return {
    number: v.number.trim(),
    title: v.title.trim(),
    forum: orNull(v.forum),
    jurisdiction: orNull(v.jurisdiction),
    status: v.status,
    openedOn: orNull(v.openedOn),
    filedOn: orNull(v.filedOn),
    exhibitPattern: v.exhibitPattern.trim(),
    description: orNull(v.description),
    notes: orNull(v.notes),
  };
}

/** Only the fields that differ from what the case had, so the custody event names just those. */
function changedFields(before: CaseFormValues, after: CaseFormValues): Partial<CaseInput> {
  const was = caseInput(before);
  const now = caseInput(after);
  return Object.fromEntries(Object.entries(now).filter(([k, v]) => was[k as keyof CaseInput] !== v)) as Partial<CaseInput>;
}
