import { useCallback, useEffect, useRef } from 'react';

/**
 * Moves focus to an element by id once React has rendered the current update: a field that was
 * disabled while a request ran can take focus only after it is enabled again.
 */
export function useFocusLater(): (id: string) => void {
  const target = useRef<string | null>(null);
  useEffect(() => {
    if (target.current === null) return;
    document.getElementById(target.current)?.focus();
    target.current = null;
  });
  return useCallback((id: string) => {
    target.current = id;
  }, []);
}
