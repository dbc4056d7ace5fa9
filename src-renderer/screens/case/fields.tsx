import type { ReactNode } from 'react';
import { FieldNotes } from '../../components/FieldNotes.tsx';

/**
 * A labelled input or text area with its help and error below, wired for screen readers
 * (aria-describedby, aria-invalid). Errors are ReactNode: a core message keeps its own language.
 */
export function TextField({
  id,
  label,
  value,
  onChange,
  help,
  error,
  rows,
  type = 'text',
  required = false,
  maxLength,
  autoFocus = false,
  className,
  inputMode,
  placeholder,
}: {
  id: string;
  label: string;
  value: string;
  onChange(value: string): void;
  help?: ReactNode;
  error?: ReactNode;
  /** A text area of this many rows instead of a one-line input. */
  rows?: number;
  type?: 'text' | 'date';
  required?: boolean;
  maxLength?: number;
  autoFocus?: boolean;
  className?: string;
  inputMode?: 'decimal';
  placeholder?: string;
}) {
  const describedBy = [help ? `${id}-help` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    value,
    maxLength,
    placeholder,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy,
    'aria-required': required || undefined,
    'data-autofocus': autoFocus || undefined,
  };
  return (
    <div className={className ? `field ${className}` : 'field'}>
      <label htmlFor={id}>
        {label}
        {required && (
          <span className="required-mark" aria-hidden="true">
            {' '}
            *
          </span>
        )}
      </label>
      {rows ? (
        <textarea {...common} rows={rows} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input {...common} type={type} inputMode={inputMode} autoComplete="off" onChange={(e) => onChange(e.target.value)} />
      )}
      <FieldNotes id={id} help={help} error={error} />
    </div>
  );
}

/** A labelled select over fixed choices, each shown by its translated label. */
export function SelectField<T extends string>({
  id,
  label,
  value,
  options,
  labelOf,
  onChange,
  help,
}: {
  id: string;
  label: string;
  value: T;
  options: readonly T[];
  labelOf(option: T): string;
  onChange(value: T): void;
  help?: ReactNode;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value as T)} aria-describedby={help ? `${id}-help` : undefined}>
        {options.map((o) => (
          <option key={o} value={o}>
            {labelOf(o)}
          </option>
        ))}
      </select>
      {help && (
        <p id={`${id}-help`} className="help">
          {help}
        </p>
      )}
    </div>
  );
}
