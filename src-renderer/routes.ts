import { useEffect, useState } from 'react';

export const ROUTES = ['vault', 'cases', 'items', 'import', 'export', 'verify', 'settings', 'about'] as const;
export type Route = (typeof ROUTES)[number];

/**
 * Where the app is: a section, `#/items/ITM-…` for an item, `#/cases/CAS-…` for a case (its tab
 * after a further slash), and `#/export/CAS-…` to export that case.
 */
export interface AppLocation {
  route: Route;
  itemId: string | null;
  caseId: string | null;
  /** The case page's tab, e.g. `#/cases/CAS-…/exhibits`. */
  tab: string | null;
}

const ITEM_PATH = /^items\/(ITM-[0-9A-Z]{10})$/;
const CASE_PATH = /^(cases|export)\/(CAS-[0-9A-Z]{10})(?:\/([a-z]+))?$/;

function locationFromHash(): AppLocation {
  const name = window.location.hash.replace(/^#\/?/, '');
  const item = ITEM_PATH.exec(name);
  if (item) return { route: 'items', itemId: item[1] ?? null, caseId: null, tab: null };
  const inCase = CASE_PATH.exec(name);
  if (inCase) return { route: inCase[1] as Route, itemId: null, caseId: inCase[2] ?? null, tab: inCase[3] ?? null };
  return { route: (ROUTES as readonly string[]).includes(name) ? (name as Route) : 'vault', itemId: null, caseId: null, tab: null };
}

export const hrefFor = (route: Route): string => `#/${route}`;
export const itemHref = (itemId: string): string => `#/items/${itemId}`;
export const caseHref = (caseId: string, tab?: string): string => `#/cases/${caseId}${tab ? `/${tab}` : ''}`;
export const exportHref = (caseId: string): string => `#/export/${caseId}`;

export function navigate(href: string): void {
  window.location.hash = href;
}

/** Replaces the current entry, so Back cannot return to a screen that showed vault data. */
export function replaceLocation(href: string): void {
  window.location.replace(href);
}

/** Hash routing: no history server needed under app://, and a screen can be linked directly. */
export function useLocation(): AppLocation {
  const [location, setLocation] = useState<AppLocation>(locationFromHash);
  useEffect(() => {
    const onChange = () => setLocation(locationFromHash());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return location;
}
