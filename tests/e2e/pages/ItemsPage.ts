import type { Locator, Page } from '@playwright/test';

export class ItemsPage {
  readonly page: Page;
  readonly grid: Locator;
  readonly scroller: Locator;
  readonly rows: Locator;
  readonly total: Locator;

  constructor(page: Page) {
    this.page = page;
    this.grid = page.getByTestId('items-grid');
    this.scroller = page.getByTestId('items-scroller');
    this.rows = page.getByTestId('item-row');
    this.total = page.getByTestId('items-total');
  }

  row(name: string): Locator {
    return this.rows.filter({ has: this.page.locator('.cell-name', { hasText: name }) });
  }

  /** A copy-status filter chip, by its visible label. */
  filter(label: string | RegExp): Locator {
    return this.page.getByTestId('items-filter').getByRole('button', { name: label });
  }

  activeRow(): Locator {
    return this.page.locator('[data-testid="item-row"][aria-selected="true"]');
  }
}
