import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../../src-shared/types/cases.ts';
import { invoke } from '../api.ts';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import { hrefFor } from '../routes.ts';
import { useQuery } from '../use-query.ts';
import { CaseTabs, CASE_TABS } from './case/CaseTabs.tsx';
import type { CaseTab } from './case/CaseTabs.tsx';
import { ExhibitsTab } from './case/ExhibitsTab.tsx';
import { IncidentsTab } from './case/IncidentsTab.tsx';
import { OverviewTab } from './case/OverviewTab.tsx';
import { PeopleTab } from './case/PeopleTab.tsx';
import { StatusBadge } from './case/StatusBadge.tsx';
import { TimelineTab } from './case/TimelineTab.tsx';

export function CaseScreen({ caseId, tab }: { caseId: string; tab: string | null }) {
  const { t } = useTranslation();
  const [state] = useQuery('cases:get', { caseId });
  // After a change the case is read again without a loading flash (counts, tags, people).
  const [fresh, setFresh] = useState<CaseDetail | null>(null);
  const refresh = useCallback(async () => {
    const result = await invoke('cases:get', { caseId });
    if (result.ok) setFresh(result.value);
  }, [caseId]);
  const back = (
    <a className="back-link" href={hrefFor('cases')}>
      ← {t('case.back')}
    </a>
  );
  if (state.status === 'loading') {
    return (
      <section>
        {back}
        <p aria-busy="true">{t('case.loading')}</p>
      </section>
    );
  }
  if (!state.result.ok) {
    return (
      <section>
        {back}
        <h1>{t('case.notFound')}</h1>
        <ErrorBanner error={state.result.error} />
      </section>
    );
  }
  const detail = fresh ?? state.result.value;
  const current: CaseTab = (CASE_TABS as readonly string[]).includes(tab ?? '') ? (tab as CaseTab) : 'overview';
  return (
    <section className="case-screen">
      {back}
      <header className="case-head">
        <p className="case-number mono" data-testid="case-number">
          {detail.number}
        </p>
        <h1 className="break" data-testid="case-title">
          {detail.title}
        </h1>
        <div className="case-head-facts">
          <StatusBadge status={detail.status} />
          {detail.forum && <span className="case-forum">{detail.forum}</span>}
          {detail.jurisdiction && <span className="muted">{detail.jurisdiction}</span>}
        </div>
      </header>
      <CaseTabs caseId={caseId} current={current} counts={{ exhibits: detail.exhibitCount, people: detail.personCount, incidents: detail.incidentCount }}>
        {current === 'overview' && <OverviewTab detail={detail} onChanged={refresh} />}
        {current === 'exhibits' && <ExhibitsTab detail={detail} onChanged={refresh} />}
        {current === 'people' && <PeopleTab detail={detail} onChanged={refresh} />}
        {current === 'incidents' && <IncidentsTab detail={detail} onChanged={refresh} />}
        {current === 'timeline' && <TimelineTab detail={detail} />}
      </CaseTabs>
    </section>
  );
}
