import { useEffect, useState } from 'react';

export const ROUTES = ['vault', 'cases', 'items', 'import', 'export', 'verify', 'settings', 'about'] as const;
export type Route = (typeof ROUTES)[number];

/** Where the app is: a section, and for `#/items/ITM-…` the item being shown. */
export interface AppLocation {
  route: Route;
  itemId: string | null;
}

const ITEM_PATH = /^items\/(ITM-[0-9A-Z]{10})$/;

function locationFromHash(): AppLocation {
  const name = window.location.hash.replace(/^#\/?/, '');
  const item = ITEM_PATH.exec(name);
  if (item) return { route: 'items', itemId: item[1] ?? null };
  return { route: (ROUTES as readonly string[]).includes(name) ? (name as Route) : 'vault', itemId: null };
}

export const hrefFor = (route: Route): string => `#/${route}`;
export const itemHref = (itemId: string): string => `#/items/${itemId}`;

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
