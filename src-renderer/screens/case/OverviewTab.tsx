import { useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../../../src-shared/types/cases.ts';
import { invoke } from '../../api.ts';
import { Annotations } from '../../components/Annotations.tsx';
import { formatDateTime } from '../../format.ts';
import { exportHref } from '../../routes.ts';
import { useFocusLater } from '../../use-focus-later.ts';
import { CaseForm } from './CaseForm.tsx';
import type { CaseFormValues } from './CaseForm.tsx';
import { formatDay } from './case-format.ts';
import { StatusBadge } from './StatusBadge.tsx';

function formValues(d: CaseDetail): CaseFormValues {
  return {
    number: d.number,
    title: d.title,
    forum: d.forum ?? '',
    jurisdiction: d.jurisdiction ?? '',
    status: d.status,
    openedOn: d.openedOn ?? '',
    filedOn: d.filedOn ?? '',
    exhibitPattern: d.exhibitPattern,
    description: d.description ?? '',
    notes: d.notes ?? '',
  };
}

export function OverviewTab({ detail, onChanged }: { detail: CaseDetail; onChanged: () => Promise<void> }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const focusLater = useFocusLater();
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  const none = <span className="muted">{t('case.none')}</span>;
  const facts: [key: string, value: ReactNode, wide?: boolean][] = [
    ['number', <span className="mono">{detail.number}</span>],
    ['status', <StatusBadge status={detail.status} />],
    ['forum', detail.forum ?? none],
    ['jurisdiction', detail.jurisdiction ?? none],
    ['openedOn', detail.openedOn ? formatDay(detail.openedOn, lang) : none],
    ['filedOn', detail.filedOn ? formatDay(detail.filedOn, lang) : none],
    ['exhibitPattern', <span className="mono">{detail.exhibitPattern}</span>],
    ['updatedAt', formatDateTime(detail.updatedAt, lang)],
    ['description', detail.description ? <span className="pre-line">{detail.description}</span> : none, true],
    ['notes', detail.notes ? <span className="pre-line">{detail.notes}</span> : none, true],
  ];

  return (
    <div className="overview-tab">
      <div className="section-head">
        <h2 id="case-details-title">{t('case.detailsTitle')}</h2>
        {!editing && (
          <div className="actions">
            <button
              type="button"
              className="button secondary"
              id="case-edit"
              onClick={() => {
                setSaved(false);
                setEditing(true);
              }}
            >
              {t('case.edit')}
            </button>
            <a className="button" href={exportHref(detail.id)}>
              {t('case.export')}
            </a>
          </div>
        )}
      </div>
      <p role="status" className="save-status">
        {saved && t('case.saved')}
      </p>
      {editing ? (
        <CaseForm
          idPrefix="edit-case"
          initial={formValues(detail)}
          editing
          title={t('case.editTitle')}
          submitLabel={t('case.saveChanges')}
          onSave={(_all, changed) => invoke('cases:update', { caseId: detail.id, fields: changed })}
          onSaved={() => {
            void onChanged().then(() => {
              setEditing(false);
              setSaved(true);
              focusLater('case-edit');
            });
          }}
          onCancel={() => {
            setEditing(false);
            focusLater('case-edit');
          }}
        />
      ) : (
        <dl className="facts case-facts" aria-labelledby="case-details-title" data-testid="case-facts">
          {facts.map(([key, value, wide]) => (
            <div key={key} className={wide ? 'full' : undefined}>
              <dt>{t(`cases.fields.${key}`)}</dt>
              <dd data-testid={`case-fact-${key}`}>{value}</dd>
            </div>
          ))}
        </dl>
      )}
      <Annotations target={{ caseId: detail.id }} idPrefix="case-annotations" />
    </div>
  );
}
