import { useEffect, useState } from 'react';

/** The sections the sidebar lists. */
export const ROUTES = ['vault', 'cases', 'items', 'import', 'export', 'verify', 'settings', 'about'] as const;
export type Route = (typeof ROUTES)[number];
/** Every screen: the sidebar's sections and those reached from elsewhere (search from the search box). */
export type ScreenRoute = Route | 'search';

/**
 * Where the app is: a section, `#/items/ITM-…` for an item, `#/cases/CAS-…` for a case (its tab
 * after a further slash), `#/export/CAS-…` to export that case, and `#/search/<query>` to search.
 */
export interface AppLocation {
  route: ScreenRoute;
  itemId: string | null;
  caseId: string | null;
  /** The case page's tab, e.g. `#/cases/CAS-…/exhibits`. */
  tab: string | null;
  /** What the search screen searches for ('' for none). */
  query: string;
}

const ITEM_PATH = /^items\/(ITM-[0-9A-Z]{10})$/;
const CASE_PATH = /^(cases|export)\/(CAS-[0-9A-Z]{10})(?:\/([a-z]+))?$/;
const SEARCH_PATH = /^search(?:\/(.*))?$/s;

export function locationFromHash(): AppLocation {
  const name = window.location.hash.replace(/^#\/?/, '');
  const none = { itemId: null, caseId: null, tab: null, query: '' };
  const item = ITEM_PATH.exec(name);
  if (item) return { ...none, route: 'items', itemId: item[1] ?? null };
  const inCase = CASE_PATH.exec(name);
  if (inCase) return { ...none, route: inCase[1] as Route, caseId: inCase[2] ?? null, tab: inCase[3] ?? null };
  const search = SEARCH_PATH.exec(name);
  if (search) return { ...none, route: 'search', query: decodeQuery(search[1] ?? '') };
  return { ...none, route: (ROUTES as readonly string[]).includes(name) ? (name as Route) : 'vault' };
}

/** A hand-edited or truncated address may not decode; it then searches for nothing. */
function decodeQuery(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return '';
  }
}

export const hrefFor = (route: Route): string => `#/${route}`;
export const itemHref = (itemId: string): string => `#/items/${itemId}`;
export const caseHref = (caseId: string, tab?: string): string => `#/cases/${caseId}${tab ? `/${tab}` : ''}`;
export const exportHref = (caseId: string): string => `#/export/${caseId}`;
export const searchHref = (query = ''): string => (query ? `#/search/${encodeURIComponent(query)}` : '#/search');

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
