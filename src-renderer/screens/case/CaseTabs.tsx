import { useRef } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../format.ts';
import { caseHref, navigate } from '../../routes.ts';

export const CASE_TABS = ['overview', 'exhibits', 'people', 'incidents', 'timeline'] as const;
export type CaseTab = (typeof CASE_TABS)[number];

/**
 * The case page's tabs (WAI-ARIA tabs, activated on focus): the URL holds the open tab, so a tab
 * can be linked and Back returns to the previous one. Arrow keys, Home and End move between tabs.
 */
export function CaseTabs({
  caseId,
  current,
  counts,
  children,
}: {
  caseId: string;
  current: CaseTab;
  counts: Partial<Record<CaseTab, number>>;
  children: ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const buttons = useRef<Partial<Record<CaseTab, HTMLButtonElement | null>>>({});
  const open = (tab: CaseTab) => {
    if (tab !== current) navigate(caseHref(caseId, tab));
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const at = CASE_TABS.indexOf(current);
    const moves: Record<string, number> = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: CASE_TABS.length - 1 };
    const to = moves[e.key];
    if (to === undefined) return;
    e.preventDefault();
    const next = CASE_TABS[(to + CASE_TABS.length) % CASE_TABS.length]!;
    buttons.current[next]?.focus();
    open(next);
  };
  return (
    <>
      <div className="case-tabs" role="tablist" aria-label={t('case.tabsLabel')} onKeyDown={onKeyDown}>
        {CASE_TABS.map((tab) => {
          const count = counts[tab];
          return (
            <button
              key={tab}
              ref={(el) => {
                buttons.current[tab] = el;
              }}
              type="button"
              role="tab"
              id={`case-tab-${tab}`}
              aria-selected={tab === current}
              aria-controls={tab === current ? `case-panel-${tab}` : undefined}
              tabIndex={tab === current ? 0 : -1}
              className="case-tab"
              onClick={() => open(tab)}
            >
              {t(`case.tabs.${tab}`)}
              {count !== undefined && ' '}
              {count !== undefined && <span className="tab-count">{formatNumber(count, i18n.language)}</span>}
            </button>
          );
        })}
      </div>
      <div className="case-panel" role="tabpanel" id={`case-panel-${current}`} aria-labelledby={`case-tab-${current}`} tabIndex={0}>
        {children}
      </div>
    </>
  );
}
