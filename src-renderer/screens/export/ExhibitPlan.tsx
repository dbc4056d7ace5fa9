import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppError } from '../../../src-shared/result.ts';
import type { PlannedExhibit } from '../../../src-shared/types/export.ts';
import { invoke } from '../../api.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { formatBytes, formatNumber } from '../../format.ts';
import { itemHref } from '../../routes.ts';
import { LeftOutReason } from './LeftOutReason.tsx';
import { OverrideReasonForm } from '../../components/OverrideReasonForm.tsx';

type Filter = 'all' | PlannedExhibit['includedAs'];
const FILTERS: readonly Filter[] = ['all', 'copy', 'original', 'left-out'];
/** Rows shown at a time: a case can have thousands of exhibits. */
const PAGE = 100;

/**
 * Each exhibit and how it would go into the package; an exhibit left out can be included as it is
 * once someone gives a reason (recorded in the custody log).
 */
export function ExhibitPlan({ exhibits, disabled, onChanged }: { exhibits: readonly PlannedExhibit[]; disabled: boolean; onChanged(): Promise<void> }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [filter, setFilter] = useState<Filter>('all');
  const [shown, setShown] = useState(PAGE);
  const [overriding, setOverriding] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [included, setIncluded] = useState<string | null>(null);

  const count = (f: Filter) => (f === 'all' ? exhibits.length : exhibits.filter((x) => x.includedAs === f).length);
  const rows = filter === 'all' ? exhibits : exhibits.filter((x) => x.includedAs === filter);

  const override = async (exhibit: PlannedExhibit, reason: string) => {
    setBusy(true);
    setError(null);
    const result = await invoke('items:override', { id: exhibit.itemId, reason });
    if (result.ok) await onChanged();
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setOverriding(null);
    setIncluded(exhibit.label);
  };

  return (
    <section className="export-plan" aria-labelledby="export-plan-title">
      <h2 id="export-plan-title">{t('export.planTitle')}</h2>
      <div className="filter-bar" role="group" aria-label={t('export.filterLabel')}>
        {FILTERS.map((f) => (
          <button
            key={f}
            type="button"
            className={`filter-chip plan-${f}`}
            aria-pressed={filter === f}
            onClick={() => {
              setFilter(f);
              setShown(PAGE);
            }}
            data-testid={`plan-count-${f}`}
          >
            {t(`export.filters.${f}`)} <span className="chip-count">{formatNumber(count(f), lang)}</span>
          </button>
        ))}
      </div>
      <p className="save-status plan-notice" role="status">
        {included && t('export.overridden', { label: included })}
      </p>
      {error && <ErrorBanner error={error} />}
      {rows.length === 0 ? (
        <p className="help empty-results">{exhibits.length === 0 ? t('export.noExhibits') : t('export.noneInFilter')}</p>
      ) : (
        <table className="plan-table">
          <thead>
            <tr>
              <th scope="col" className="plan-col-label">
                {t('export.columns.label')}
              </th>
              <th scope="col">{t('export.columns.file')}</th>
              <th scope="col" className="num plan-col-size">
                {t('export.columns.size')}
              </th>
              <th scope="col" className="plan-col-inclusion">
                {t('export.columns.inPackage')}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, shown).map((x) => (
              <Fragment key={x.itemId}>
                <tr className={`plan-row as-${x.includedAs}`} data-testid="plan-row" data-label={x.label}>
                  <th scope="row" className="mono">
                    {x.label}
                  </th>
                  <td className="plan-file">
                    <a href={itemHref(x.itemId)}>{x.name}</a>
                  </td>
                  <td className="num">{formatBytes(x.size, t, lang)}</td>
                  <td>
                    <Inclusion exhibit={x} />
                    {x.includedAs === 'left-out' && overriding !== x.itemId && (
                      <button type="button" className="button secondary small plan-override" disabled={disabled || busy} onClick={() => setOverriding(x.itemId)}>
                        {t('export.includeAsIs')}
                      </button>
                    )}
                  </td>
                </tr>
                {overriding === x.itemId && (
                  <tr className="plan-override-row">
                    <td colSpan={4}>
                      <OverrideReasonForm
                        texts={{
                          title: t('export.overrideTitle', { label: x.label }),
                          warning: t('export.overrideWarning'),
                          label: t('export.overrideReasonLabel'),
                          help: t('export.overrideReasonHelp'),
                          missing: t('export.overrideReasonMissing'),
                          submit: t('export.overrideSubmit'),
                          cancel: t('export.cancel'),
                        }}
                        fieldId="plan-override-reason"
                        testId="plan-override-form"
                        className="override-form plan-override-form"
                        rows={2}
                        busy={busy}
                        onSubmit={(reason) => void override(x, reason)}
                        onCancel={() => setOverriding(null)}
                      />
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
      )}
      {rows.length > shown && (
        <button type="button" className="button secondary" onClick={() => setShown((n) => n + PAGE)}>
          {t('export.showMore', { n: formatNumber(Math.min(PAGE, rows.length - shown), lang), total: formatNumber(rows.length, lang) })}
        </button>
      )}
    </section>
  );
}

function Inclusion({ exhibit }: { exhibit: PlannedExhibit }) {
  const { t } = useTranslation();
  return (
    <div className="plan-inclusion" data-testid="plan-inclusion" data-as={exhibit.includedAs}>
      <span className={`plan-badge as-${exhibit.includedAs}`}>{t(`export.as.${exhibit.includedAs}`)}</span>
      {exhibit.includedAs === 'left-out' && (
        <span className="plan-reason">
          <LeftOutReason reason={exhibit.reason} />
        </span>
      )}
      {exhibit.includedAs === 'original' && exhibit.reason && (
        <span className="plan-reason">
          {t('export.overrideReason')} <q>{exhibit.reason}</q>
        </span>
      )}
    </div>
  );
}
