import { useEffect, useId, useRef, useState } from 'react';
import type { KeyboardEvent, RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { SearchHit } from '../../../src-shared/types/cases.ts';
import { formatNumber } from '../../format.ts';
import { navigate, searchHref } from '../../routes.ts';
import { isMac } from '../../vault-session.tsx';
import { ErrorBanner } from '../ErrorBanner.tsx';
import { HitText } from './HitText.tsx';
import { hitCount, hitHref, kindsWithHits } from './search-model.ts';
import { useSearch } from './use-search.ts';
import type { SearchState } from './use-search.ts';

/** Hits per kind in the popup; the search screen shows more. */
const POPUP_HITS = 5;

/** A choice in the popup: a hit that can be opened, or (hit null) all results on the search screen. */
type Option = { id: string; href: string; hit: SearchHit | null };

/**
 * The search box in the frame (WAI-ARIA combobox with a listbox popup): results grouped by kind as
 * you type, arrow keys move through them, Enter opens one (or, with none chosen, all results),
 * Escape closes and goes back to where the person was. Ctrl+K / ⌘K or "/" reaches it from anywhere.
 */
export function GlobalSearch() {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  // By id, not position: an answer arriving later must not move the choice onto another hit.
  const [activeId, setActiveId] = useState<string | null>(null);
  const [anchor, setAnchor] = useState<{ left: number; top: number } | null>(null);
  const box = useRef<HTMLDivElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const returnFocus = useRef<Element | null>(null);
  const search = useSearch(text, { limitPerKind: POPUP_HITS });
  const baseId = useId();
  const listId = `${baseId}-list`;
  const mac = isMac();

  useSearchShortcut(input);

  // The popup is fixed to the window (the scrolling sidebar would clip it), so it follows the box.
  const place = () => setAnchor(anchorBelow(box.current));
  useEffect(() => {
    if (!open) return;
    const follow = () => setAnchor(anchorBelow(box.current));
    window.addEventListener('resize', follow);
    window.addEventListener('scroll', follow, true);
    return () => {
      window.removeEventListener('resize', follow);
      window.removeEventListener('scroll', follow, true);
    };
  }, [open]);

  const results = search.results;
  const kinds = results ? kindsWithHits(results) : [];
  const options: Option[] = [];
  for (const kind of kinds) {
    for (const hit of results!.groups[kind]) {
      const href = hitHref(hit);
      if (href) options.push({ id: `${baseId}-${kind}-${hit.id}`, href, hit });
    }
  }
  const query = text.trim();
  const allOption: Option = { id: `${baseId}-all`, href: searchHref(query), hit: null };
  options.push(allOption);
  const showing = open && query !== '';
  const active = showing ? options.findIndex((o) => o.id === activeId) : -1;
  const activeOption = active >= 0 ? options[active] : undefined;
  const allChosen = activeOption === allOption;

  const close = () => {
    setOpen(false);
    setActiveId(null);
  };
  const go = (href: string) => {
    setText('');
    close();
    input.current?.blur();
    navigate(href);
  };
  const moveActive = (to: number) => {
    const next = options[(to + options.length) % options.length]!;
    setActiveId(next.id);
    document.getElementById(next.id)?.scrollIntoView({ block: 'nearest' });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Escape') {
      if (!showing && text === '') return;
      e.preventDefault();
      close();
      const back = returnFocus.current;
      if (back instanceof HTMLElement && back.isConnected) back.focus();
      else input.current?.blur();
      return;
    }
    if (query === '') return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!showing) {
        place();
        setOpen(true);
      }
      moveActive(e.key === 'ArrowDown' ? active + 1 : active < 0 ? -1 : active - 1);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      go((activeOption ?? allOption).href);
    }
  };

  return (
    <div className="global-search" role="search" ref={box}>
      <label htmlFor={`${baseId}-input`} className="search-sr-only">
        {t('search.label')}
      </label>
      <svg className="global-search-icon" viewBox="0 0 20 20" aria-hidden="true">
        <circle cx="8.5" cy="8.5" r="5.5" />
        <path d="M13 13l4.5 4.5" />
      </svg>
      <input
        ref={input}
        id={`${baseId}-input`}
        type="text"
        enterKeyHint="search"
        className="global-search-input"
        role="combobox"
        aria-expanded={showing}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={activeOption?.id}
        aria-keyshortcuts={mac ? 'Meta+K /' : 'Control+K /'}
        autoComplete="off"
        spellCheck={false}
        placeholder={t('search.placeholder')}
        title={t('search.shortcutTitle', { shortcut: mac ? '⌘K' : 'Ctrl+K' })}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setActiveId(null);
          place();
          setOpen(true);
        }}
        onFocus={(e) => {
          // Where Escape goes back to: what had focus before the shortcut or the click.
          returnFocus.current = e.relatedTarget;
          place();
          setOpen(true);
        }}
        onBlur={(e) => {
          if (!box.current?.contains(e.relatedTarget)) close();
        }}
        onKeyDown={onKeyDown}
      />
      {text === '' && (
        <kbd className="global-search-hint" aria-hidden="true">
          {mac ? '⌘K' : 'Ctrl+K'}
        </kbd>
      )}
      <div
        className="search-popup"
        hidden={!showing}
        style={anchor ? { left: anchor.left, top: anchor.top, maxHeight: `calc(100vh - ${anchor.top + 16}px)` } : undefined}
        // Clicks choose a hit without taking focus from the box first.
        onMouseDown={(e) => e.preventDefault()}
        aria-busy={search.pending}
      >
        <PopupStatus search={search} query={query} />
        <ul id={listId} role="listbox" aria-label={t('search.popupLabel')} className="search-popup-list">
          {kinds.map((kind) => (
            <li key={kind} role="presentation">
              <ul role="group" aria-labelledby={`${baseId}-${kind}`} className="search-group">
                <li role="presentation" id={`${baseId}-${kind}`} className="search-group-head">
                  {t(`search.kinds.${kind}`)}
                </li>
                {results!.groups[kind].map((hit) => {
                  const option = options.find((o) => o.hit === hit);
                  const chosen = option !== undefined && option.id === activeOption?.id;
                  return (
                    <li
                      key={hit.id}
                      id={option?.id}
                      role="option"
                      aria-selected={chosen}
                      aria-disabled={option ? undefined : true}
                      className={chosen ? 'search-option active' : 'search-option'}
                      onClick={option ? () => go(option.href) : undefined}
                      onMouseMove={option && !chosen ? () => setActiveId(option.id) : undefined}
                    >
                      <HitText hit={hit} />
                    </li>
                  );
                })}
              </ul>
            </li>
          ))}
          <li
            id={allOption.id}
            role="option"
            aria-selected={allChosen}
            className={allChosen ? 'search-option search-all active' : 'search-option search-all'}
            onClick={() => go(allOption.href)}
            onMouseMove={allChosen ? undefined : () => setActiveId(allOption.id)}
          >
            <span className="search-all-label">{t('search.allResults', { query })}</span>
            <kbd aria-hidden="true">↵</kbd>
          </li>
        </ul>
      </div>
    </div>
  );
}

function anchorBelow(element: HTMLElement | null): { left: number; top: number } | null {
  const rect = element?.getBoundingClientRect();
  return rect ? { left: rect.left, top: rect.bottom + 6 } : null;
}

/** Searching, nothing found, or (to screen readers only) how many were found: one live region for all three. */
function PopupStatus({ search, query }: { search: SearchState; query: string }) {
  const { t, i18n } = useTranslation();
  if (search.error) return <ErrorBanner error={search.error} />;
  const count = search.results ? hitCount(search.results) : 0;
  const nothing = search.results !== null && count === 0 && !search.pending;
  let message = t('search.found', { count: formatNumber(count, i18n.language) });
  if (!search.results) message = t('search.searching');
  else if (nothing) message = t('search.nothing', { query });
  return (
    <p className={search.results && !nothing ? 'search-sr-only' : 'search-popup-status'} role="status" data-testid="search-popup-status">
      {message}
    </p>
  );
}

/**
 * Ctrl+K / ⌘K from anywhere, and "/" when the person is not typing in a field. Matched by physical
 * key for the chord, so it also works with a Russian keyboard layout (where that key types "л").
 */
function useSearchShortcut(input: RefObject<HTMLInputElement | null>): void {
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey) return;
      const chord = e.code === 'KeyK' && !e.shiftKey && (e.ctrlKey || e.metaKey);
      const slash = e.key === '/' && !e.ctrlKey && !e.metaKey && !isTypingTarget(e.target);
      if (!chord && !slash) return;
      // A modal dialog keeps the keyboard to itself.
      if (document.querySelector('dialog:modal')) return;
      e.preventDefault();
      input.current?.focus();
      input.current?.select();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [input]);
}

const NON_TEXT_INPUTS = new Set(['button', 'checkbox', 'color', 'file', 'image', 'radio', 'range', 'reset', 'submit']);

function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !NON_TEXT_INPUTS.has(target.type);
}
