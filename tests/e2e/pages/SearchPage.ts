import type { Locator, Page } from '@playwright/test';

/** The search box in the sidebar with its results popup, and the search screen with its filters. */
export class SearchPage {
  readonly page: Page;
  readonly box: Locator;
  readonly popup: Locator;
  readonly options: Locator;
  readonly activeOption: Locator;
  readonly allResults: Locator;
  readonly popupStatus: Locator;
  readonly shortcutHint: Locator;
  readonly screenQuery: Locator;
  readonly screenStatus: Locator;
  readonly caseFilter: Locator;
  readonly mediaFilter: Locator;
  readonly fromFilter: Locator;
  readonly toFilter: Locator;
  readonly clearFilters: Locator;

  constructor(page: Page) {
    this.page = page;
    this.box = page.locator('.sidebar').getByRole('combobox', { name: /Search the vault|Поиск по хранилищу/ });
    this.popup = page.getByRole('listbox', { name: /Search results|Результаты поиска/ });
    this.options = this.popup.getByRole('option');
    this.activeOption = this.popup.locator('[role="option"][aria-selected="true"]');
    this.allResults = this.popup.getByRole('option', { name: /All results|Все результаты/ });
    this.popupStatus = page.getByTestId('search-popup-status');
    this.shortcutHint = page.locator('.global-search-hint');
    this.screenQuery = page.locator('#search-query');
    this.screenStatus = page.getByTestId('search-status');
    this.caseFilter = page.locator('#search-case');
    this.mediaFilter = page.locator('#search-media');
    this.fromFilter = page.locator('#search-from');
    this.toFilter = page.locator('#search-to');
    this.clearFilters = page.getByRole('button', { name: /Clear filters|Сбросить все/ });
  }

  /** The platform's search shortcut: Cmd+K on macOS, Ctrl+K elsewhere. */
  async pressShortcut(): Promise<void> {
    await this.page.keyboard.press(process.platform === 'darwin' ? 'Meta+KeyK' : 'Control+KeyK');
  }

  /** A group of the popup by its heading, e.g. group('Cases'). */
  group(heading: string): Locator {
    return this.popup.getByRole('group', { name: heading, exact: true });
  }

  /** The marked (matched) words inside a popup group or screen section. */
  marks(within: Locator): Locator {
    return within.locator('mark');
  }

  /** A section of the search screen by its kind, e.g. section('case'). */
  section(kind: 'case' | 'person' | 'incident' | 'item' | 'note'): Locator {
    return this.page.getByTestId(`search-section-${kind}`);
  }

  sections(): Locator {
    return this.page.locator('.search-section');
  }

  sectionHits(kind: 'case' | 'person' | 'incident' | 'item' | 'note'): Locator {
    return this.section(kind).locator('.search-hit');
  }

  kindFilter(label: string): Locator {
    return this.page.locator('.search-kinds').getByRole('checkbox', { name: label, exact: true });
  }
}
