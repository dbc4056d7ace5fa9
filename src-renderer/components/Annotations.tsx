import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AnnotationTarget } from '../../src-shared/contract.ts';
import type { AppError } from '../../src-shared/result.ts';
import type { NoteView } from '../../src-shared/types/cases.ts';
import { invoke } from '../api.ts';
import { formatDateTime } from '../format.ts';
import { useFocusLater } from '../use-focus-later.ts';
import { useQuery } from '../use-query.ts';
import { ErrorBanner } from './ErrorBanner.tsx';

/**
 * Tags and timestamped notes on an item or a case. Notes are appended, never edited: each is a
 * custody event, so `onChanged` lets the page read its record again.
 */
export function Annotations({ target, idPrefix, onChanged }: { target: AnnotationTarget; idPrefix: string; onChanged?: () => void }) {
  const { t } = useTranslation();
  return (
    <section className="detail-section annotations" aria-labelledby={`${idPrefix}-title`} data-testid="annotations">
      <h2 id={`${idPrefix}-title`}>{t('annotations.title')}</h2>
      <div className="annotations-grid">
        <Tags target={target} idPrefix={idPrefix} onChanged={onChanged} />
        <Notes target={target} idPrefix={idPrefix} onChanged={onChanged} />
      </div>
    </section>
  );
}

function Tags({ target, idPrefix, onChanged }: { target: AnnotationTarget; idPrefix: string; onChanged?: () => void }) {
  const { t } = useTranslation();
  const focusLater = useFocusLater();
  const [state] = useQuery('tags:list', { target });
  const [tags, setTags] = useState<string[] | null>(null);
  const [text, setText] = useState('');
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const shown = tags ?? (state.status === 'done' && state.result.ok ? state.result.value.tags : []);
  const inputId = `${idPrefix}-tag`;

  const change = async (call: Promise<{ ok: true; value: { tags: string[] } } | { ok: false; error: AppError }>) => {
    setBusy(true);
    setError(null);
    const result = await call;
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return false;
    }
    setTags(result.value.tags);
    onChanged?.();
    return true;
  };
  const add = async (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) {
      setMissing(true);
      document.getElementById(inputId)?.focus();
      return;
    }
    if (await change(invoke('tags:add', { target, tag: text.trim() }))) setText('');
  };
  const remove = async (tag: string, index: number) => {
    if (!(await change(invoke('tags:remove', { target, tag })))) return;
    // The removed chip's button is gone: focus goes to the chip before it, or to the input.
    focusLater(shown.length > 1 ? `${idPrefix}-untag-${Math.max(0, index - 1)}` : inputId);
  };

  return (
    <div className="tags-block">
      <h3 id={`${idPrefix}-tags-title`}>{t('annotations.tags')}</h3>
      {state.status === 'done' && !state.result.ok && <ErrorBanner error={state.result.error} />}
      {shown.length === 0 ? (
        <p className="help">{t('annotations.noTags')}</p>
      ) : (
        <ul className="tag-list" id={`${idPrefix}-tags`} aria-labelledby={`${idPrefix}-tags-title`} data-testid="tag-list">
          {shown.map((tag, i) => (
            <li key={tag} className="tag-chip" data-testid="tag">
              <span className="tag-text">{tag}</span>
              <button type="button" id={`${idPrefix}-untag-${i}`} className="tag-remove" aria-label={t('annotations.removeTag', { tag })} title={t('annotations.removeTag', { tag })} disabled={busy} onClick={() => void remove(tag, i)}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="inline-form" onSubmit={(e) => void add(e)} noValidate>
        <label htmlFor={inputId} className="visually-hidden">
          {t('annotations.newTag')}
        </label>
        <input
          id={inputId}
          value={text}
          maxLength={100}
          placeholder={t('annotations.newTagPlaceholder')}
          autoComplete="off"
          aria-invalid={missing || undefined}
          aria-describedby={missing ? `${inputId}-error` : undefined}
          onChange={(e) => {
            setText(e.target.value);
            setMissing(false);
          }}
        />
        <button type="submit" className="button secondary small" disabled={busy}>
          {t('annotations.addTag')}
        </button>
      </form>
      {missing && (
        <p id={`${inputId}-error`} className="field-error">
          {t('annotations.tagMissing')}
        </p>
      )}
      {error && <ErrorBanner error={error} />}
    </div>
  );
}

function Notes({ target, idPrefix, onChanged }: { target: AnnotationTarget; idPrefix: string; onChanged?: () => void }) {
  const { t, i18n } = useTranslation();
  const [state] = useQuery('notes:list', { target });
  const [added, setAdded] = useState<NoteView[]>([]);
  const [text, setText] = useState('');
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const notes = [...(state.status === 'done' && state.result.ok ? state.result.value : []), ...added];
  const inputId = `${idPrefix}-note`;

  const add = async (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) {
      setMissing(true);
      document.getElementById(inputId)?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    const result = await invoke('notes:add', { target, text });
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setAdded((a) => [...a, result.value]);
    setText('');
    onChanged?.();
  };

  return (
    <div className="notes-block">
      <h3 id={`${idPrefix}-notes-title`}>{t('annotations.notes')}</h3>
      {state.status === 'done' && !state.result.ok && <ErrorBanner error={state.result.error} />}
      {notes.length === 0 ? (
        <p className="help">{t('annotations.noNotes')}</p>
      ) : (
        <ol className="note-list" aria-labelledby={`${idPrefix}-notes-title`} data-testid="note-list">
          {notes.map((n) => (
            <li key={n.id} className="note-entry" data-testid="note">
              <div className="note-meta">
                <time dateTime={n.createdAt} title={n.createdAt}>
                  {formatDateTime(n.createdAt, i18n.language)}
                </time>{' '}
                · {n.author}
              </div>
              <p className="note-text">{n.text}</p>
            </li>
          ))}
        </ol>
      )}
      <form onSubmit={(e) => void add(e)} noValidate>
        <div className="field wide">
          <label htmlFor={inputId}>{t('annotations.newNote')}</label>
          <textarea
            id={inputId}
            rows={3}
            maxLength={100_000}
            value={text}
            aria-invalid={missing || undefined}
            aria-describedby={missing ? `${inputId}-help ${inputId}-error` : `${inputId}-help`}
            onChange={(e) => {
              setText(e.target.value);
              setMissing(false);
            }}
          />
          <p id={`${inputId}-help`} className="help">
            {t('annotations.noteHelp')}
          </p>
          {missing && (
            <p id={`${inputId}-error`} className="field-error">
              {t('annotations.noteMissing')}
            </p>
          )}
        </div>
        <button type="submit" className="button secondary" disabled={busy}>
          {t('annotations.addNote')}
        </button>
      </form>
      {error && <ErrorBanner error={error} />}
    </div>
  );
}
