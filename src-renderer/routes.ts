import { useEffect, useState } from 'react';

export const ROUTES = ['vault', 'cases', 'items', 'import', 'export', 'verify', 'settings', 'about'] as const;
export type Route = (typeof ROUTES)[number];

function routeFromHash(): Route {
  const name = window.location.hash.replace(/^#\/?/, '');
  return (ROUTES as readonly string[]).includes(name) ? (name as Route) : 'vault';
}

/** Hash routing: no history server needed under app://, and a screen can be linked directly. */
export function useRoute(): [Route, (route: Route) => void] {
  const [route, setRoute] = useState<Route>(routeFromHash);
  useEffect(() => {
    const onChange = () => setRoute(routeFromHash());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return [route, (next) => { window.location.hash = `#/${next}`; }];
}
